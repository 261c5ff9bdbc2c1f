"""Suggestions as pages: the focal point's form and "My suggestions", a suggestion's page
(what a member and the Secretariat see), the Secretariat's list (filters, CSV, query count)
and the decisions, with their messages for bad input.

Over 400 lines on purpose: 22 tests of one page family, sharing its helpers and fixtures."""

import csv
import io
import re

import pytest
from django.urls import reverse

from idm_portal.core.models import OutgoingMail
from tests.factories import (
    FocalPointFactory,
    MemberStateFactory,
    SuggestionFactory,
    WorkshopFactory,
)
from workshops.models import Speaker, Suggestion, Workshop


@pytest.fixture
def workshop(db):
    return WorkshopFactory(
        title="Trafficking and Exploitation of Migrants", slug="trafficking", ordinal=2
    )


@pytest.fixture
def switzerland(focal_point):
    return focal_point.focal_points.get().member_state


@pytest.fixture
def mexico(db):
    return MemberStateFactory(country="MX", name="Mexico")


@pytest.fixture
def mexican(mexico):
    return FocalPointFactory(
        member_state=mexico, user__email="focal.mx@example.org", user__name="Marta Mexico"
    ).user


def suggest_url(workshop):
    return reverse("workshops:suggest", args=[workshop.idm_year.year, workshop.slug])


def list_url(workshop, name="suggestions"):
    return reverse(f"workshops:{name}", args=[workshop.idm_year.year, workshop.slug])


def text_of(response):
    """The page's words, without tags or repeated spaces."""
    html = response.getvalue().decode("utf-8-sig")
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


SPEAKER_FORM = {
    "kind": "speaker",
    "title": "Labour inspection and trafficking",
    "description": "She led the *reform* of labour inspection.",
    "speaker_name": "Ms Lena Keller",
    "speaker_position": "Head of Section",
    "speaker_organization": "State Secretariat for Migration",
    "speaker_email": "lena.keller@example.org",
    "speaker_phone": "+41 58 465 11 11",
}


def test_workshop_page_offers_the_focal_point_to_suggest(client, workshop, focal_point):
    client.force_login(focal_point)
    page = client.get(workshop.get_absolute_url()).content.decode()
    assert "Suggest a case study, a speaker or other input" in page
    assert suggest_url(workshop) in page
    assert "My suggestions" in page  # the user menu


def test_workshop_page_offers_the_secretariat_the_list(client, workshop, secretariat):
    client.force_login(secretariat)
    page = client.get(workshop.get_absolute_url()).content.decode()
    assert list_url(workshop) in page
    assert suggest_url(workshop) not in page


def test_workshop_page_shows_a_delegate_no_suggestion_link(client, workshop, delegate):
    client.force_login(delegate)
    page = client.get(workshop.get_absolute_url()).content.decode()
    assert "Suggest a case study" not in page
    assert "My suggestions" not in page


def test_focal_point_suggests_a_speaker(client, workshop, focal_point, switzerland):
    client.force_login(focal_point)
    form = client.get(suggest_url(workshop))
    assert "On behalf of" in text_of(form)
    response = client.post(
        suggest_url(workshop), {**SPEAKER_FORM, "member_state": switzerland.pk}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("workshops:my_suggestions")
    words = text_of(response)
    assert (
        "Thank you: your suggestion “Labour inspection and trafficking” is sent to the "
        "Secretariat. You will hear when it is accepted or declined."
    ) in words
    assert "Labour inspection and trafficking Speaker: Ms Lena Keller" in words
    assert "Submitted" in words
    suggestion = Suggestion.objects.get()
    assert suggestion.speaker_phone == "+41 58 465 11 11"
    assert suggestion.suggested_by == focal_point


def test_suggest_with_bad_input_shows_each_message(client, workshop, focal_point, switzerland):
    client.force_login(focal_point)
    response = client.post(
        suggest_url(workshop),
        {
            **SPEAKER_FORM,
            "member_state": switzerland.pk,
            "title": "",
            "speaker_name": "",
            "speaker_email": "lena at example",
            "speaker_phone": "ask the embassy",
        },
    )
    assert response.status_code == 400
    words = text_of(response)
    assert "This field is required." in words  # the title, by the form
    response = client.post(
        suggest_url(workshop),
        {
            **SPEAKER_FORM,
            "member_state": switzerland.pk,
            "speaker_name": "",
            "speaker_email": "lena at example",
            "speaker_phone": "ask the embassy",
        },
    )
    words = text_of(response)
    assert "Give the name of the speaker you suggest." in words
    assert "“lena at example” is not an e-mail address." in words
    assert "Write the telephone number with digits, spaces and an optional leading +" in words
    assert not Suggestion.objects.exists()


def test_suggest_for_a_forged_member_state_is_refused(client, workshop, focal_point, mexico):
    client.force_login(focal_point)
    response = client.post(suggest_url(workshop), {**SPEAKER_FORM, "member_state": mexico.pk})
    assert response.status_code == 400
    assert "You are not a focal point of that member state." in text_of(response)
    assert not Suggestion.objects.exists()


def test_suggest_for_a_held_workshop_says_it_is_closed(client, workshop, focal_point):
    Workshop.objects.filter(pk=workshop.pk).update(status=Workshop.Status.HELD)
    client.force_login(focal_point)
    response = client.get(suggest_url(workshop))
    words = text_of(response)
    assert (
        "Suggestions for this workshop are closed: the workshop took place on 25–26 March 2009."
    ) in words
    assert "Send the suggestion" not in words
    response = client.post(suggest_url(workshop), SPEAKER_FORM)
    assert "Suggestions for this workshop are closed" in text_of(response)
    assert not Suggestion.objects.exists()


def test_suggest_twice_by_a_double_click_keeps_one(client, workshop, focal_point, switzerland):
    client.force_login(focal_point)
    data = {**SPEAKER_FORM, "member_state": switzerland.pk}
    client.post(suggest_url(workshop), data)
    response = client.post(suggest_url(workshop), data, follow=True)
    assert "This suggestion was already sent." in text_of(response)
    assert Suggestion.objects.count() == 1


def test_my_suggestions_lists_only_my_member_states(
    client, workshop, focal_point, switzerland, mexico
):
    SuggestionFactory(workshop=workshop, member_state=switzerland, title="Swiss speaker")
    SuggestionFactory(workshop=workshop, member_state=mexico, title="Mexican case study")
    client.force_login(focal_point)
    words = text_of(client.get(reverse("workshops:my_suggestions")))
    assert "Swiss speaker" in words
    assert "Mexican case study" not in words


def test_my_suggestions_shows_the_status_and_reason(client, workshop, focal_point, switzerland):
    SuggestionFactory(
        workshop=workshop,
        member_state=switzerland,
        title="Side event",
        kind="other",
        status="declined",
        decision_reason="No room for side events.",
    )
    client.force_login(focal_point)
    words = text_of(client.get(reverse("workshops:my_suggestions")))
    assert "Side event Other input" in words
    assert "Declined No room for side events." in words


@pytest.mark.parametrize("count", [2, 30])
def test_my_suggestions_makes_the_same_number_of_queries_for_few_and_many(
    client, workshop, focal_point, switzerland, django_assert_num_queries, count
):
    for _number in range(count):
        SuggestionFactory(workshop=workshop, member_state=switzerland, suggested_by=focal_point)
    client.force_login(focal_point)
    # session, user, the focal point's member states, the Secretariat group (menu), the rows
    with django_assert_num_queries(5):
        response = client.get(reverse("workshops:my_suggestions"))
    assert len(response.context["suggestions"]) == count


def test_member_sees_its_suggestion_with_contact_and_thread(
    client, workshop, focal_point, switzerland, secretariat
):
    suggestion = SuggestionFactory(workshop=workshop, member_state=switzerland)
    from workshops.services.suggestions import comment_on_suggestion

    comment_on_suggestion(suggestion, actor=secretariat, text="Is she free on 9 July?")
    client.force_login(focal_point)
    words = text_of(client.get(suggestion.get_absolute_url()))
    assert "speaker@example.org" in words
    assert "+41 31 325 11 11" in words
    assert "Is she free on 9 July?" in words
    assert "Sam Secretariat (Secretariat)" in words
    assert "Withdraw the suggestion" in words
    assert "Accept" not in words.split("Comments and history")[0]
    assert "Add to the speakers" not in words


def test_another_member_states_suggestion_is_not_found(client, workshop, mexican, switzerland):
    suggestion = SuggestionFactory(workshop=workshop, member_state=switzerland)
    client.force_login(mexican)
    assert client.get(suggestion.get_absolute_url()).status_code == 404
    for name in ("suggestion_comment", "suggestion_withdraw"):
        response = client.post(reverse(f"workshops:{name}", args=[suggestion.pk]), {"text": "Hi"})
        assert response.status_code == 404
    assert not suggestion.events.exists()


def test_secretariat_sees_the_decision_forms(client, workshop, switzerland, secretariat):
    suggestion = SuggestionFactory(workshop=workshop, member_state=switzerland)
    client.force_login(secretariat)
    words = text_of(client.get(suggestion.get_absolute_url()))
    assert "Decision" in words
    assert "Note to the member state (optional)" in words
    assert "Reason for declining (the member state reads it)" in words
    assert "speaker@example.org" in words
    assert "Withdraw the suggestion" not in words


def test_decline_without_a_reason_shows_the_message(client, workshop, switzerland, secretariat):
    suggestion = SuggestionFactory(workshop=workshop, member_state=switzerland)
    client.force_login(secretariat)
    response = client.post(
        reverse("workshops:suggestion_decline", args=[suggestion.pk]), {"reason": " "}
    )
    assert response.status_code == 400
    assert "Say why the suggestion is declined: the member state reads it." in text_of(response)
    suggestion.refresh_from_db()
    assert suggestion.status == "submitted"


def test_accept_then_add_to_the_speakers_from_the_page(
    client, workshop, focal_point, switzerland, secretariat
):
    suggestion = SuggestionFactory(
        workshop=workshop, member_state=switzerland, suggested_by=focal_point
    )
    client.force_login(secretariat)
    response = client.post(
        reverse("workshops:suggestion_accept", args=[suggestion.pk]),
        {"reason": "Session II."},
        follow=True,
    )
    words = text_of(response)
    assert "The suggestion is accepted; the member state is told by e-mail." in words
    assert "Accepted by the Secretariat" in words
    assert OutgoingMail.objects.get().to == "focal@example.org"
    add = reverse("workshops:suggestion_add_speaker", args=[suggestion.pk])
    words = text_of(client.post(add, follow=True))
    assert (
        f"{suggestion.speaker_name} is added to the speakers: give them a session in the "
        "agenda editor."
    ) in words
    words = text_of(client.post(add, follow=True))
    assert f"{suggestion.speaker_name} is already among the speakers." in words
    assert Speaker.objects.count() == 1


def test_accept_a_declined_suggestion_says_it_is_decided(
    client, workshop, switzerland, secretariat
):
    suggestion = SuggestionFactory(workshop=workshop, member_state=switzerland, status="declined")
    client.force_login(secretariat)
    response = client.post(
        reverse("workshops:suggestion_accept", args=[suggestion.pk]), follow=True
    )
    assert "This suggestion has been declined: that decision is final." in text_of(response)


def test_empty_comment_shows_the_message(client, workshop, focal_point, switzerland):
    suggestion = SuggestionFactory(workshop=workshop, member_state=switzerland)
    client.force_login(focal_point)
    response = client.post(
        reverse("workshops:suggestion_comment", args=[suggestion.pk]), {"text": ""}
    )
    assert response.status_code == 400
    assert "Write a comment first." in text_of(response)


@pytest.fixture
def mixed(workshop, switzerland, mexico):
    return [
        SuggestionFactory(workshop=workshop, member_state=switzerland, title="Swiss speaker"),
        SuggestionFactory(
            workshop=workshop,
            member_state=mexico,
            kind="case_study",
            title="Mexican case study",
            speaker_name="",
            speaker_email="",
            speaker_phone="",
            status="accepted",
        ),
        SuggestionFactory(
            workshop=workshop,
            member_state=mexico,
            kind="other",
            title='=HYPERLINK("http://evil")',
            speaker_name="",
            status="declined",
            decision_reason="Not for this workshop.",
        ),
    ]


def listed_titles(response):
    return [suggestion.title for suggestion in response.context["page"]]


def test_secretariat_list_filters_by_kind_status_and_member_state(
    client, workshop, secretariat, mixed, mexico
):
    client.force_login(secretariat)
    response = client.get(list_url(workshop))
    assert sorted(listed_titles(response)) == sorted(s.title for s in mixed)
    counts = {label: count for _value, label, count in response.context["status_counts"]}
    assert counts == {"Submitted": 1, "Accepted": 1, "Declined": 1, "Withdrawn": 0}
    assert listed_titles(client.get(list_url(workshop), {"kind": "speaker"})) == ["Swiss speaker"]
    assert listed_titles(client.get(list_url(workshop), {"status": "accepted"})) == [
        "Mexican case study"
    ]
    assert sorted(listed_titles(client.get(list_url(workshop), {"member_state": mexico.pk}))) == [
        '=HYPERLINK("http://evil")',
        "Mexican case study",
    ]
    words = text_of(client.get(list_url(workshop), {"status": "withdrawn"}))
    assert "No suggestion matches." in words


def test_secretariat_list_with_a_bad_filter_says_so(client, workshop, secretariat, mixed):
    client.force_login(secretariat)
    words = text_of(client.get(list_url(workshop), {"status": "lost"}))
    assert "Select a valid choice. lost is not one of the available choices." in words


def test_csv_export_has_the_contact_and_no_formula(client, workshop, secretariat, mixed):
    client.force_login(secretariat)
    assert list_url(workshop, "suggestions_csv") == "/en/workshops/2009/trafficking/suggestions.csv"
    response = client.get(list_url(workshop, "suggestions_csv"), {"status": "declined"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="suggestions-2009-trafficking.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert rows[0][:5] == ["Submitted", "Member state", "Suggested by", "Kind", "Title"]
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Title"] == '\'=HYPERLINK("http://evil")'
    assert row["Status"] == "Declined"
    assert row["Reason given"] == "Not for this workshop."
    assert row["Member state"] == "Mexico"
    full = list(
        csv.reader(
            io.StringIO(
                client.get(list_url(workshop, "suggestions_csv")).getvalue().decode("utf-8-sig")
            )
        )
    )
    swiss = next(r for r in full if r[4] == "Swiss speaker")
    # A leading + would make a spreadsheet read the number as a formula: kept as text.
    assert swiss[9:11] == ["speaker@example.org", "'+41 31 325 11 11"]


@pytest.mark.parametrize("count", [3, 60])
def test_secretariat_list_makes_the_same_number_of_queries_for_few_and_many(
    client, workshop, secretariat, switzerland, mexico, django_assert_num_queries, count
):
    from workshops.services.suggestions import comment_on_suggestion

    for number in range(count):
        suggestion = SuggestionFactory(
            workshop=workshop,
            member_state=(switzerland, mexico)[number % 2],
            suggested_by=secretariat if number % 3 == 0 else None,
        )
        if number % 4 == 0:
            comment_on_suggestion(suggestion, actor=secretariat, text="Noted.")
    client.force_login(secretariat)
    # session, user, Secretariat group, workshop, paginator's count, counts by status, the
    # menu's member states, the member states of the filter's choices, the page's rows
    with django_assert_num_queries(9):
        response = client.get(list_url(workshop), {"kind": "speaker"})
    assert len(response.context["page"]) == min(count, 50)

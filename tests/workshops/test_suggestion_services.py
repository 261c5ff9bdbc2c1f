"""Suggestions of case studies, speakers and other input: the services (submit, comment,
accept, decline, withdraw, add to the speakers), their permission checks, their idempotence
and the e-mail the member state's focal point gets."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from idm_portal.core.models import OutgoingMail
from tests.factories import FocalPointFactory, MemberStateFactory, WorkshopFactory
from workshops.models import Speaker, Suggestion, SuggestionEvent, Workshop
from workshops.services import suggestions as services

SPEAKER = {
    "speaker_name": "Ms Lena Keller",
    "speaker_position": "Head of Section",
    "speaker_organization": "State Secretariat for Migration",
    "speaker_email": "lena.keller@example.org",
    "speaker_phone": "+41 58 465 11 11",
}


@pytest.fixture
def workshop(db):
    return WorkshopFactory(title="Trafficking and Exploitation of Migrants", slug="trafficking")


def suggest_speaker(workshop, focal_point, **changes):
    fields = {
        "member_state": focal_point.focal_points.get().member_state,
        "kind": "speaker",
        "title": "Labour inspection and trafficking",
        "description": "She led the **2008 reform** of labour inspection.",
        **SPEAKER,
        **changes,
    }
    suggestion, _created = services.submit_suggestion(workshop, actor=focal_point, **fields)
    return suggestion


def actions(suggestion):
    return list(suggestion.events.values_list("action", flat=True))


def test_submit_keeps_the_speaker_and_renders_the_markdown(workshop, focal_point):
    suggestion = suggest_speaker(workshop, focal_point)
    assert suggestion.status == "submitted"
    assert suggestion.member_state.name == "Switzerland"
    assert suggestion.suggested_by == focal_point
    assert suggestion.speaker_email == "lena.keller@example.org"
    assert suggestion.speaker_details == "Head of Section, State Secretariat for Migration"
    assert suggestion.description_html == (
        "<p>She led the <strong>2008 reform</strong> of labour inspection.</p>"
    )
    assert actions(suggestion) == ["submitted"]


def test_submit_strips_raw_html_from_the_description(workshop, focal_point):
    suggestion = suggest_speaker(
        workshop,
        focal_point,
        description=(
            'Read <a href="javascript:alert(1)">this</a><script>alert(2)</script> '
            '<img src=x onerror="alert(3)"> [report](https://example.org/report)'
        ),
    )
    html = suggestion.description_html
    assert "script" not in html
    assert "alert" not in html
    assert "<img" not in html
    assert "javascript" not in html
    assert '<a href="https://example.org/report" rel="noopener noreferrer nofollow">report</a>' in (
        html
    )


def test_submit_twice_the_same_suggestion_keeps_one(workshop, focal_point):
    first = suggest_speaker(workshop, focal_point)
    state = first.member_state
    again, created = services.submit_suggestion(
        workshop,
        actor=focal_point,
        member_state=state,
        kind="speaker",
        title=first.title,
        description=first.description,
        **SPEAKER,
    )
    assert not created
    assert again == first
    assert Suggestion.objects.count() == 1


def test_submit_for_another_member_state_is_refused(workshop, focal_point):
    mexico = MemberStateFactory(country="MX", name="Mexico")
    with pytest.raises(PermissionDenied):
        suggest_speaker(workshop, focal_point, member_state=mexico)
    assert not Suggestion.objects.exists()


@pytest.mark.parametrize("user", ["delegate", "secretariat"])
def test_submit_by_someone_who_is_no_focal_point_is_refused(request, workshop, user):
    actor = request.getfixturevalue(user)
    with pytest.raises(PermissionDenied):
        services.submit_suggestion(
            workshop,
            actor=actor,
            member_state=MemberStateFactory(country="CH", name="Switzerland"),
            kind="other",
            title="A title",
            description="A description",
        )


def test_submit_for_a_draft_workshop_is_refused(focal_point):
    draft = WorkshopFactory(is_published=False)
    with pytest.raises(PermissionDenied):
        suggest_speaker(draft, focal_point)


def test_submit_for_a_held_workshop_says_when_it_took_place(workshop, focal_point):
    Workshop.objects.filter(pk=workshop.pk).update(status=Workshop.Status.HELD)
    workshop.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        suggest_speaker(workshop, focal_point)
    assert refused.value.messages == [
        "Suggestions for this workshop are closed: the workshop took place on 25–26 March 2009."
    ]


def test_submit_for_a_cancelled_workshop_is_refused(workshop, focal_point):
    workshop.status = Workshop.Status.CANCELLED
    with pytest.raises(ValidationError) as refused:
        suggest_speaker(workshop, focal_point)
    assert refused.value.messages == ["This workshop is cancelled: it takes no suggestions."]


def test_submit_a_speaker_without_name_or_contact_names_each_field(workshop, focal_point):
    with pytest.raises(ValidationError) as refused:
        suggest_speaker(
            workshop,
            focal_point,
            speaker_name="  ",
            speaker_email="lena(at)example",
            speaker_phone="call me",
            title="",
            description="x" * 5001,
        )
    assert refused.value.message_dict == {
        "title": ["Give your suggestion a title."],
        "description": ["At most 5000 characters, please (this text has 5001)."],
        "speaker_name": ["Give the name of the speaker you suggest."],
        "speaker_email": ["“lena(at)example” is not an e-mail address."],
        "speaker_phone": [
            "Write the telephone number with digits, spaces and an optional leading +, "
            "e.g. +41 22 717 91 11."
        ],
    }
    assert not Suggestion.objects.exists()


def test_submit_a_case_study_drops_speaker_details(workshop, focal_point):
    suggestion = suggest_speaker(workshop, focal_point, kind="case_study")
    assert suggestion.kind == "case_study"
    assert suggestion.speaker_name == ""
    assert suggestion.speaker_email == ""


def test_accept_tells_the_focal_point_in_their_language(workshop, focal_point, secretariat):
    focal_point.preferred_language = "fr"
    focal_point.save()
    suggestion = suggest_speaker(workshop, focal_point)
    accepted = services.accept_suggestion(
        suggestion, actor=secretariat, note="Session II would suit her."
    )
    assert accepted.status == "accepted"
    assert accepted.decided_by == secretariat
    assert accepted.decision_reason == "Session II would suit her."
    assert actions(accepted) == ["submitted", "accepted"]
    mail = OutgoingMail.objects.get()
    assert mail.to == "focal@example.org"
    assert mail.language == "fr"
    assert mail.template == "workshops/email/suggestion_accepted"
    assert f"/fr/workshops/suggestions/{suggestion.pk}/" in mail.body_text
    assert "Session II would suit her." in mail.body_text


def test_accept_mail_text_in_english(workshop, focal_point, secretariat, settings):
    settings.SITE_DOMAIN = "idm.test"
    suggestion = suggest_speaker(workshop, focal_point)
    services.accept_suggestion(suggestion, actor=secretariat)
    mail = OutgoingMail.objects.get()
    assert mail.subject == "Suggestion accepted: Labour inspection and trafficking"
    assert mail.body_text.startswith(
        "Dear Fabio Focal,\n\n"
        "The Secretariat has accepted the suggestion of Switzerland for “Trafficking and "
        "Exploitation of Migrants”: speaker “Labour inspection and trafficking”.\n"
        "The Secretariat will contact Ms Lena Keller about the agenda.\n\n"
        "The suggestion, its comments and its status:\n"
        f"https://idm.test/en/workshops/suggestions/{suggestion.pk}/\n"
    )
    assert "Note from the Secretariat" not in mail.body_text
    assert "Trafficking and Exploitation of Migrants" in mail.body_html


def test_decline_mail_gives_the_reason(workshop, focal_point, secretariat):
    suggestion = suggest_speaker(workshop, focal_point)
    services.decline_suggestion(
        suggestion, actor=secretariat, reason="The panels are complete; thank you."
    )
    mail = OutgoingMail.objects.get()
    assert mail.subject == "Suggestion declined: Labour inspection and trafficking"
    assert (
        "The Secretariat regrets that it cannot take up the suggestion of Switzerland for "
        "“Trafficking and Exploitation of Migrants”: speaker “Labour inspection and "
        "trafficking”.\n\nThe Secretariat's reason:\nThe panels are complete; thank you.\n"
    ) in mail.body_text
    assert "The panels are complete; thank you." in mail.body_html


def test_decline_without_a_reason_is_refused(workshop, focal_point, secretariat):
    suggestion = suggest_speaker(workshop, focal_point)
    with pytest.raises(ValidationError) as refused:
        services.decline_suggestion(suggestion, actor=secretariat, reason="   ")
    assert refused.value.messages == [
        "Say why the suggestion is declined: the member state reads it."
    ]
    suggestion.refresh_from_db()
    assert suggestion.status == "submitted"
    assert not OutgoingMail.objects.exists()


def test_accept_twice_sends_one_mail(workshop, focal_point, secretariat):
    suggestion = suggest_speaker(workshop, focal_point)
    services.accept_suggestion(suggestion, actor=secretariat)
    services.accept_suggestion(suggestion, actor=secretariat)
    assert OutgoingMail.objects.count() == 1
    assert actions(suggestion) == ["submitted", "accepted"]


def test_decline_after_accept_is_refused(workshop, focal_point, secretariat):
    suggestion = suggest_speaker(workshop, focal_point)
    services.accept_suggestion(suggestion, actor=secretariat)
    with pytest.raises(ValidationError) as refused:
        services.decline_suggestion(suggestion, actor=secretariat, reason="Changed our mind")
    assert refused.value.messages == ["This suggestion has been accepted: that decision is final."]
    suggestion.refresh_from_db()
    assert suggestion.status == "accepted"


@pytest.mark.parametrize("user", ["focal_point", "delegate"])
def test_accept_and_decline_by_a_member_are_refused(request, workshop, focal_point, user):
    suggestion = suggest_speaker(workshop, focal_point)
    actor = request.getfixturevalue(user)
    with pytest.raises(PermissionDenied):
        services.accept_suggestion(suggestion, actor=actor)
    with pytest.raises(PermissionDenied):
        services.decline_suggestion(suggestion, actor=actor, reason="No")
    suggestion.refresh_from_db()
    assert suggestion.status == "submitted"


def test_add_to_the_speakers_makes_one_speaker(workshop, focal_point, secretariat):
    suggestion = suggest_speaker(workshop, focal_point)
    services.accept_suggestion(suggestion, actor=secretariat)
    speaker, created = services.add_suggested_speaker(suggestion, actor=secretariat)
    assert created
    assert (speaker.name, speaker.position, speaker.organization, speaker.email) == (
        "Ms Lena Keller",
        "Head of Section",
        "State Secretariat for Migration",
        "lena.keller@example.org",
    )
    again, created_again = services.add_suggested_speaker(suggestion, actor=secretariat)
    assert not created_again
    assert again == speaker
    assert Speaker.objects.count() == 1
    suggestion.refresh_from_db()
    assert suggestion.speaker == speaker
    assert actions(suggestion) == ["submitted", "accepted", "speaker_added"]


def test_add_to_the_speakers_before_accepting_is_refused(workshop, focal_point, secretariat):
    suggestion = suggest_speaker(workshop, focal_point)
    with pytest.raises(ValidationError) as refused:
        services.add_suggested_speaker(suggestion, actor=secretariat)
    assert refused.value.messages == [
        "Accept the suggestion before adding the speaker to the speakers."
    ]
    assert not Speaker.objects.exists()


def test_add_a_case_study_to_the_speakers_is_refused(workshop, focal_point, secretariat):
    suggestion = suggest_speaker(workshop, focal_point, kind="case_study")
    services.accept_suggestion(suggestion, actor=secretariat)
    with pytest.raises(ValidationError) as refused:
        services.add_suggested_speaker(suggestion, actor=secretariat)
    assert refused.value.messages == ["Only a suggested speaker can be added to the speakers."]


def test_add_to_the_speakers_by_the_focal_point_is_refused(workshop, focal_point, secretariat):
    suggestion = suggest_speaker(workshop, focal_point)
    services.accept_suggestion(suggestion, actor=secretariat)
    with pytest.raises(PermissionDenied):
        services.add_suggested_speaker(suggestion, actor=focal_point)
    assert not Speaker.objects.exists()


def test_withdraw_by_another_focal_point_of_the_same_state(workshop, focal_point):
    suggestion = suggest_speaker(workshop, focal_point)
    colleague = FocalPointFactory(member_state=suggestion.member_state).user
    services.withdraw_suggestion(suggestion, actor=colleague)
    services.withdraw_suggestion(suggestion, actor=colleague)  # a double click
    suggestion.refresh_from_db()
    assert suggestion.status == "withdrawn"
    assert actions(suggestion) == ["submitted", "withdrawn"]


def test_withdraw_by_another_member_state_is_refused(workshop, focal_point):
    suggestion = suggest_speaker(workshop, focal_point)
    mexican = FocalPointFactory(member_state=MemberStateFactory(country="MX", name="Mexico")).user
    with pytest.raises(PermissionDenied):
        services.withdraw_suggestion(suggestion, actor=mexican)


def test_withdraw_after_the_decision_is_refused(workshop, focal_point, secretariat):
    suggestion = suggest_speaker(workshop, focal_point)
    services.decline_suggestion(suggestion, actor=secretariat, reason="Too late")
    with pytest.raises(ValidationError) as refused:
        services.withdraw_suggestion(suggestion, actor=focal_point)
    assert refused.value.messages == ["This suggestion has been declined: that decision is final."]


def test_comments_come_from_both_sides(workshop, focal_point, secretariat):
    suggestion = suggest_speaker(workshop, focal_point)
    services.comment_on_suggestion(suggestion, actor=secretariat, text="Is she free in July?")
    services.comment_on_suggestion(suggestion, actor=focal_point, text="Yes, both days.")
    comments = SuggestionEvent.objects.filter(action="commented").order_by("pk")
    assert [(c.text, c.by_secretariat) for c in comments] == [
        ("Is she free in July?", True),
        ("Yes, both days.", False),
    ]


def test_comment_empty_or_by_an_outsider_is_refused(workshop, focal_point, delegate):
    suggestion = suggest_speaker(workshop, focal_point)
    with pytest.raises(ValidationError) as refused:
        services.comment_on_suggestion(suggestion, actor=focal_point, text=" ")
    assert refused.value.messages == ["Write a comment first."]
    with pytest.raises(PermissionDenied):
        services.comment_on_suggestion(suggestion, actor=delegate, text="Hello")


def test_the_decision_goes_to_the_state_when_its_author_left(workshop, focal_point, secretariat):
    suggestion = suggest_speaker(workshop, focal_point)
    colleague = FocalPointFactory(
        member_state=suggestion.member_state, user__email="other.focal@example.org"
    ).user
    focal_point.focal_points.all().delete()  # no longer acts for Switzerland
    suggestion.refresh_from_db()
    services.accept_suggestion(suggestion, actor=secretariat)
    assert list(OutgoingMail.objects.values_list("to", flat=True)) == [colleague.email]

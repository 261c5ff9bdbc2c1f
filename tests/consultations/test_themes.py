"""Theme proposals and alternative suggestions: the services, the pages, bad input, and the
demo's two proposals of IC/2009/5."""

import re
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from consultations.models import ThemeProposal, ThemeSuggestion, VotingRound
from consultations.services import themes as services
from tests.factories import ThemeProposalFactory, VotingRoundFactory

pytestmark = pytest.mark.django_db


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_administration_proposes_a_theme_as_a_draft(secretariat):
    proposal = services.propose_theme(
        2010,
        title=" South-South Migration ",
        rationale="Half of *all* migrants.",
        actor=secretariat,
    )
    assert (proposal.title, proposal.status, proposal.target_year) == (
        "South-South Migration",
        "draft",
        2010,
    )
    assert str(proposal.proposed_by) == "the Administration"
    assert proposal.rationale_html == "<p>Half of <em>all</em> migrants.</p>"


def test_only_the_secretariat_proposes(focal_point):
    with pytest.raises(PermissionDenied):
        services.propose_theme(2010, title="X", rationale="Y", actor=focal_point)


@pytest.mark.parametrize(
    ("rationale", "message"),
    [
        ("   ", "The rationale may not be empty."),
        ("x" * 10_001, "The rationale may have at most 10000 characters (it has 10001)."),
    ],
)
def test_a_bad_rationale_is_refused_with_a_clear_message(secretariat, rationale, message):
    with pytest.raises(ValidationError) as refused:
        services.propose_theme(2010, title="A theme", rationale=rationale, actor=secretariat)
    assert refused.value.message_dict == {"rationale": [message]}
    assert not ThemeProposal.objects.exists()


def test_a_rationale_is_sanitized():
    proposal = ThemeProposalFactory(
        rationale="Read <script>alert(1)</script>[this](javascript:alert(1)) and "
        '<b onclick="x">that</b>.'
    )
    html = proposal.rationale_html
    assert "<script" not in html
    assert "javascript:" not in html
    assert "onclick" not in html


def test_the_status_of_a_proposal_follows_its_rules(secretariat):
    proposal = ThemeProposalFactory(status="draft")
    services.set_proposal_status(proposal, status="open", actor=secretariat)
    services.set_proposal_status(proposal, status="withdrawn", actor=secretariat)
    with pytest.raises(ValidationError, match="A proposal that is withdrawn cannot become open"):
        services.set_proposal_status(proposal, status="open", actor=secretariat)


def test_a_focal_point_suggests_an_alternative_for_its_member_state(focal_point, switzerland):
    suggestion = services.suggest_theme(
        2010,
        member_state=switzerland,
        title="Migration and Health",
        rationale="Health matters.",
        actor=focal_point,
    )
    assert (suggestion.member_state, suggestion.author, suggestion.status) == (
        switzerland,
        focal_point,
        "submitted",
    )


def test_a_focal_point_cannot_suggest_for_another_state(focal_point):
    from tests.factories import MemberStateFactory

    other = MemberStateFactory(country="PH", name="Philippines")
    with pytest.raises(PermissionDenied):
        services.suggest_theme(
            2010, member_state=other, title="X", rationale="Y", actor=focal_point
        )


def test_the_secretariat_merges_duplicates_and_puts_one_on_the_ballot_keeping_its_author(
    focal_point, switzerland, secretariat
):
    first, second = (
        services.suggest_theme(
            2010, member_state=switzerland, title=title, rationale="Why.", actor=focal_point
        )
        for title in ("Migration and Health", "Health and Migration")
    )
    services.merge_suggestions(second, into=first, actor=secretariat)
    second.refresh_from_db()
    assert (second.status, second.merged_into) == ("merged", first)
    with pytest.raises(ValidationError, match="A merged suggestion cannot go on the ballot"):
        services.put_suggestion_on_ballot(second, actor=secretariat)
    proposal = services.put_suggestion_on_ballot(first, actor=secretariat)
    assert (proposal.title, proposal.proposing_state, proposal.author, proposal.status) == (
        "Migration and Health",
        switzerland,
        focal_point,
        "open",
    )
    assert proposal.proposed_by == "Switzerland"
    assert services.put_suggestion_on_ballot(first, actor=secretariat) == proposal
    assert ThemeProposal.objects.count() == 1


def test_the_suggestion_form_refuses_bad_input(client, focal_point, switzerland):
    from tests.factories import MemberStateFactory

    other = MemberStateFactory(country="PH", name="Philippines")
    client.force_login(focal_point)
    url = reverse("consultations:suggest")
    response = client.post(
        url, {"target_year": 2010, "member_state": switzerland.pk, "title": "X", "rationale": ""}
    )
    assert "This field is required." in text(response)
    response = client.post(
        url,
        {
            "target_year": 2010,
            "member_state": switzerland.pk,
            "title": "X",
            "rationale": "y" * 10_001,
        },
    )
    assert "Ensure this value has at most 10000 characters (it has 10001)." in text(response)
    response = client.post(
        url, {"target_year": 2010, "member_state": other.pk, "title": "X", "rationale": "Y"}
    )
    assert "Select a valid choice" in text(response)
    assert not ThemeSuggestion.objects.exists()
    response = client.post(
        url,
        {"target_year": 2010, "member_state": switzerland.pk, "title": "X", "rationale": "Y"},
        follow=True,
    )
    assert "Thank you: your suggestion is sent to the Secretariat." in text(response)
    assert "<td>2010</td>" in text(response)


def test_a_focal_point_sees_only_its_member_states_suggestions(client, focal_point, switzerland):
    from tests.factories import FocalPointFactory

    other = FocalPointFactory(member_state__country="PH", member_state__name="Philippines")
    for author, state in ((focal_point, switzerland), (other.user, other.member_state)):
        ThemeSuggestion.objects.create(
            target_year=2010,
            member_state=state,
            author=author,
            title=f"Idea of {state}",
            rationale="Why.",
        )
    client.force_login(focal_point)
    page = text(client.get(reverse("consultations:suggestions")))
    assert "Idea of Switzerland" in page
    assert "Idea of Philippines" not in page
    assert "Put on the ballot" not in page


def test_the_secretariat_creates_and_opens_a_proposal_through_the_pages(client, secretariat):
    client.force_login(secretariat)
    response = client.post(
        reverse("consultations:proposal_new"),
        {
            "target_year": 2010,
            "title": "Migration and Social Change",
            "summary": "Change.",
            "rationale": "Migration is a process of **change**.",
        },
        follow=True,
    )
    page = text(response)
    assert "The proposal is saved as a draft." in page
    assert "<p>Migration is a process of <strong>change</strong>.</p>" in page
    proposal = ThemeProposal.objects.get()
    response = client.post(
        reverse("consultations:proposal_status", args=[proposal.pk]),
        {"status": "open"},
        follow=True,
    )
    assert "The status of the proposal is changed." in text(response)
    assert '<span class="proposal-status">Open for vote</span>' in text(response)


def test_the_secretariat_schedules_a_round_through_the_page(client, secretariat):
    first, second = ThemeProposalFactory.create_batch(2, status="draft")
    client.force_login(secretariat)
    data = {
        "title": "IDM 2010",
        "target_year": 2010,
        "opens_at": "2009-05-01T09:00",
        "closes_at": "2009-04-01T09:00",
        "method": "ranked",
        "secrecy": "secret",
        "quorum_percent": 50,
        "allow_abstain": "on",
        "proposals": [first.pk, second.pk],
    }
    response = client.post(reverse("consultations:round_new"), data)
    assert "The round must close after it opens." in text(response)
    data["closes_at"] = "2009-06-30T18:00"
    response = client.post(reverse("consultations:round_new"), data, follow=True)
    assert "The voting round is scheduled." in text(response)
    voting_round = VotingRound.objects.get()
    assert voting_round.closes_at.isoformat() == "2009-06-30T16:00:00+00:00"
    assert (voting_round.method, voting_round.secrecy) == ("ranked", "secret")
    first.refresh_from_db()
    assert first.status == "open"


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_index_makes_as_many_queries_for_many_proposals_as_for_few(client, secretariat):
    client.force_login(secretariat)
    url = reverse("consultations:index")
    VotingRoundFactory()
    few = _count(client, url)
    for _index in range(5):
        VotingRoundFactory(proposals=ThemeProposalFactory.create_batch(3))
    assert _count(client, url) == few == 6


def test_the_suggestions_list_makes_as_many_queries_for_many_as_for_few(
    client, secretariat, focal_point, switzerland
):
    def suggest(n):
        for index in range(n):
            ThemeSuggestion.objects.create(
                target_year=2010,
                member_state=switzerland,
                author=focal_point,
                title=f"Idea {index}",
                rationale="Why.",
            )

    client.force_login(secretariat)
    url = reverse("consultations:suggestions")
    suggest(1)
    few = _count(client, url)
    suggest(10)
    assert _count(client, url) == few == 5


def test_load_demo_proposes_the_two_themes_of_the_seed_and_opens_a_round(settings):
    settings.DEBUG = True
    settings.DEMO_PASSWORD = "demo-password-for-tests"
    call_command("load_demo", stdout=StringIO())
    call_command("load_demo", stdout=StringIO())
    south, social = ThemeProposal.objects.filter(target_year=2010).order_by("order")
    assert (south.title, social.title) == ("South-South Migration", "Migration and Social Change")
    assert south.proposed_by == "the Administration"
    assert south.rationale.startswith(
        "While international policy debate and research on migration have focused primarily"
    )
    assert "are among the drivers of South-South migration" in south.rationale
    assert south.rationale.endswith("and other mechanisms.")
    assert social.rationale.startswith("Migration is a process of change")
    assert social.rationale.endswith("tackle the challenges experienced by changing societies.")
    assert social.rationale_html.count("<p>") == 4
    voting_round = VotingRound.objects.get()
    assert voting_round.is_open()
    assert (voting_round.method, voting_round.secrecy, voting_round.quorum_percent) == (
        "single",
        "named",
        50,
    )
    assert list(voting_round.proposals.order_by("order")) == [south, social]


def test_the_secretariat_merges_and_puts_on_the_ballot_through_the_page(
    client, focal_point, switzerland, secretariat
):
    first, second = (
        ThemeSuggestion.objects.create(
            target_year=2010,
            member_state=switzerland,
            author=focal_point,
            title=title,
            rationale="Why.",
        )
        for title in ("Migration and Health", "Health and Migration")
    )
    client.force_login(secretariat)
    page = text(client.get(reverse("consultations:suggestions")))
    assert f'<option value="{first.pk}">Migration and Health (Switzerland)</option>' in page
    response = client.post(
        reverse("consultations:suggestion_merge", args=[second.pk]),
        {"into": first.pk},
        follow=True,
    )
    page = text(response)
    assert "“Health and Migration” is merged into “Migration and Health”." in page
    assert "Merged into another suggestion: Migration and Health" in page
    response = client.post(
        reverse("consultations:suggestion_to_ballot", args=[first.pk]), follow=True
    )
    page = text(response)
    assert "“Migration and Health” is now a proposal of Switzerland, open for vote." in page
    assert "Proposed by Switzerland" in page


def test_a_proposal_is_written_in_english_french_and_spanish(client, secretariat):
    client.force_login(secretariat)
    client.post(
        reverse("consultations:proposal_new"),
        {
            "target_year": 2010,
            "title": "South-South Migration",
            "title_fr": "Migration Sud-Sud",
            "title_es": "",
            "summary": "",
            "rationale": "Half of the migrants from developing countries live in others.",
            "rationale_fr": "",
        },
    )

    proposal = ThemeProposal.objects.get(title_en="South-South Migration")
    assert (proposal.title_fr, proposal.title_es, proposal.rationale_fr) == (
        "Migration Sud-Sud",
        None,
        None,
    )
    edit = client.get(reverse("consultations:proposal_edit", args=[proposal.pk]))
    page = edit.content.decode()
    assert 'value="Migration Sud-Sud"' in page
    assert "Spanish missing" in page
    with translation.override("fr"):
        french = client.get(reverse("consultations:proposal", args=[proposal.pk]))
    body = french.content.decode()
    assert '<h1 class="h2">Migration Sud-Sud</h1>' in body
    assert '<div class="rationale" lang="en">' in body

"""The voting pages as a focal point and the Secretariat use them: the ballot, its bad inputs,
participation, the sealed result, the result after the close, the CSV, the audit trail.

Over 400 lines on purpose: 28 tests of the voting pages, sharing the rounds' fixtures."""

import datetime as dt
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from consultations.models import Ballot, BallotEvent, VotingRound
from consultations.services import voting
from idm_portal.core.models import IdmYear
from tests.factories import (
    FocalPointFactory,
    MemberStateFactory,
    OrganizationFactory,
    ThemeProposalFactory,
    VotingRoundFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def voting_round(themes):
    return VotingRoundFactory(title="Selection of the theme of IDM 2010", proposals=themes)


def text(response):
    return re.sub(r"\s+", " ", response.getvalue().decode("utf-8-sig"))


def ballot_url(voting_round):
    return reverse("consultations:ballot", args=[voting_round.pk])


def vote(client, voting_round, state, choice, submission="form-1", **extra):
    return client.post(
        ballot_url(voting_round),
        {"member_state": state.pk, "choice": choice, "submission": submission, **extra},
        follow=True,
    )


def close(voting_round):
    VotingRound.objects.filter(pk=voting_round.pk).update(
        closes_at=timezone.now() - dt.timedelta(seconds=1)
    )
    voting_round.refresh_from_db()


def test_a_focal_point_votes_and_sees_that_the_member_state_has_voted(
    client, voting_round, themes, focal_point, switzerland
):
    client.force_login(focal_point)
    page = text(client.get(ballot_url(voting_round)))
    assert "This is a named ballot" in page
    response = vote(client, voting_round, switzerland, themes[0].pk)
    page = text(response)
    assert "Your member state has voted." in page
    assert "Your member state has voted (Switzerland)." in page
    assert "1 member state has voted." in page
    assert Ballot.objects.get().ranking == [themes[0].pk]
    response = vote(client, voting_round, switzerland, themes[1].pk, submission="form-2")
    assert "Your member state&#x27;s ballot is changed." in text(response)
    assert Ballot.objects.get().ranking == [themes[1].pk]
    # The ballot page shows the current choice.
    page = text(client.get(ballot_url(voting_round)))
    assert "Switzerland has voted; voting again changes its ballot." in page
    assert f'value="{themes[1].pk}" checked' in page


def test_a_double_click_counts_once(client, voting_round, themes, focal_point, switzerland):
    client.force_login(focal_point)
    first = vote(client, voting_round, switzerland, themes[0].pk)
    second = vote(client, voting_round, switzerland, themes[0].pk)
    assert "Your member state has voted." in text(first)
    assert "Your member state has voted." in text(second)
    assert Ballot.objects.count() == 1
    assert BallotEvent.objects.count() == 1


def test_a_forged_member_state_is_refused(client, voting_round, themes, focal_point):
    other = MemberStateFactory(country="PH", name="Philippines")
    client.force_login(focal_point)
    response = vote(client, voting_round, other, themes[0].pk)
    assert response.status_code == 200
    assert "Select a valid choice" in text(response)
    assert not Ballot.objects.exists()


def test_a_proposal_of_another_round_answers_400(client, voting_round, focal_point, switzerland):
    stranger = ThemeProposalFactory(title="Elsewhere")
    client.force_login(focal_point)
    response = vote(client, voting_round, switzerland, stranger.pk)
    assert response.status_code == 400
    assert "That proposal is not on the ballot of this round." in text(response)
    assert not Ballot.objects.exists()


def test_no_choice_is_a_clear_error(client, voting_round, focal_point, switzerland):
    client.force_login(focal_point)
    response = vote(client, voting_round, switzerland, "")
    assert "Choose a proposal or abstain." in text(response)
    assert not Ballot.objects.exists()


def test_a_vote_after_the_close_is_refused_with_the_time(
    client, voting_round, themes, focal_point, switzerland
):
    VotingRound.objects.filter(pk=voting_round.pk).update(
        opens_at=dt.datetime(2009, 5, 1, 8, tzinfo=dt.UTC),
        closes_at=dt.datetime(2009, 6, 30, 16, tzinfo=dt.UTC),
    )
    client.force_login(focal_point)
    response = vote(client, voting_round, switzerland, themes[0].pk)
    assert "Voting is closed: it closed on 30 June 2009 at 18:00 (Geneva time)." in text(response)
    assert not Ballot.objects.exists()


def test_a_vote_before_the_open_is_refused_with_the_times(
    client, voting_round, themes, focal_point, switzerland
):
    VotingRound.objects.filter(pk=voting_round.pk).update(
        opens_at=dt.datetime(2031, 1, 10, 8, tzinfo=dt.UTC),
        closes_at=dt.datetime(2031, 1, 20, 8, tzinfo=dt.UTC),
    )
    client.force_login(focal_point)
    response = vote(client, voting_round, switzerland, themes[0].pk)
    assert (
        "Voting has not opened yet: it opens on 10 January 2031 at 09:00 (Geneva time) and "
        "closes on 20 January 2031 at 09:00 (Geneva time)."
    ) in text(response)
    assert not Ballot.objects.exists()


def test_times_are_written_in_geneva_time_with_the_zone_named(client, themes):
    """One way to write a moment (issue 14): Geneva's time, the zone named, in the page's
    language, as the e-mails write it; the machine-readable UTC instant beside it."""
    voting_round = VotingRoundFactory(
        proposals=themes,
        opens_at=dt.datetime(2009, 5, 1, 8, tzinfo=dt.UTC),
        closes_at=dt.datetime(2031, 6, 30, 16, tzinfo=dt.UTC),
    )
    page = text(client.get(reverse("consultations:round", args=[voting_round.pk])))
    assert (
        '<time datetime="2031-06-30T16:00:00Z">30 June 2031 at 18:00 (Geneva time)</time>'
    ) in page
    assert "data-local-time" not in page  # no rewriting into the viewer's zone
    with translation.override("fr"):
        page = text(client.get(reverse("consultations:round", args=[voting_round.pk])))
    assert "30 juin 2031 à 18:00 (heure de Genève)" in page


def test_a_secret_ballot_says_before_it_is_cast_that_it_cannot_be_changed(
    client, themes, focal_point, switzerland
):
    secret = VotingRoundFactory(proposals=themes, secrecy="secret")
    client.force_login(focal_point)
    page = text(client.get(ballot_url(secret)))
    assert "once cast it cannot be changed" in page
    vote(client, secret, switzerland, themes[0].pk)
    response = vote(client, secret, switzerland, themes[1].pk, submission="form-2")
    assert "a secret ballot cannot be changed" in text(response)
    assert Ballot.objects.count() == 1


@pytest.fixture
def ranked(themes):
    third = ThemeProposalFactory(title="Migration and Health", order=3)
    return VotingRoundFactory(proposals=[*themes, third], method="ranked")


def rank(client, voting_round, state, ranks, submission="form-1"):
    data = {"member_state": state.pk, "submission": submission}
    for proposal, value in zip(voting_round.proposals.order_by("order"), ranks, strict=True):
        data[f"rank_{proposal.pk}"] = value
    return client.post(ballot_url(voting_round), data, follow=True)


def test_a_ranked_ballot_with_a_repeated_rank_is_refused(client, ranked, focal_point, switzerland):
    client.force_login(focal_point)
    response = rank(client, ranked, switzerland, ["1", "1", "2"])
    assert "Rank 1 is given to more than one proposal: each rank once." in text(response)
    assert not Ballot.objects.exists()


def test_a_ranked_ballot_with_a_missing_rank_is_refused(client, ranked, focal_point, switzerland):
    client.force_login(focal_point)
    response = rank(client, ranked, switzerland, ["1", "3", ""])
    assert "Rank 2 is missing: ranks run 1, 2, 3… without a gap." in text(response)
    assert not Ballot.objects.exists()


def test_a_ranked_ballot_is_stored_in_order(client, ranked, focal_point, switzerland):
    client.force_login(focal_point)
    response = rank(client, ranked, switzerland, ["2", "", "1"])
    assert "Your member state has voted." in text(response)
    south, _social, health = ranked.proposals.order_by("order")
    assert Ballot.objects.get().ranking == [health.pk, south.pk]


def test_the_running_tally_is_seen_by_nobody_before_the_close(
    client, voting_round, themes, focal_point, switzerland, secretariat
):
    voting.cast_ballot(
        voting_round, member_state=switzerland, ranking=[themes[0].pk], actor=focal_point
    )
    client.force_login(secretariat)
    page = text(client.get(reverse("consultations:results", args=[voting_round.pk])))
    assert (
        "The result is sealed until the round closes, for everyone, the Secretariat included."
        in page
    )
    assert "1 member state has voted so far." in page
    assert "Winner" not in page
    assert "round-chart-data" not in page
    csv_url = reverse("consultations:results_csv", args=[voting_round.pk])
    assert client.get(csv_url).status_code == 404
    round_page = text(client.get(reverse("consultations:round", args=[voting_round.pk])))
    assert "South-South Migration &gt;" not in round_page
    assert "The count is sealed until the close." in round_page


def test_the_result_after_the_close(client, voting_round, themes, secretariat):
    south, social = themes
    states = [MemberStateFactory(country=c, name=n) for c, n in [
        ("PH", "Philippines"), ("MX", "Mexico"), ("MA", "Morocco"), ("SN", "Senegal"),
    ]]  # fmt: skip
    for state, choice in zip(states, [south, south, social, None], strict=True):
        voting.record_ballot(
            voting_round,
            member_state=state,
            ranking=[choice.pk] if choice else [],
            note_verbale=f"NV/{state.country}/2009",
            actor=secretariat,
        )
    close(voting_round)
    client.force_login(secretariat)
    response = client.get(reverse("consultations:results", args=[voting_round.pk]))
    page = text(response)
    assert "4 of 4 member states took part (100.0 %); the quorum is 50 %:" in page
    assert "quorum met" in page
    assert "Winner: South-South Migration" in page
    assert "1 abstention." in page
    assert re.search(r"South-South Migration</td><td[^>]*>2</td><td[^>]*>66.7 %", page)
    assert re.search(r"Migration and Social Change</td><td[^>]*>1</td><td[^>]*>33.3 %", page)
    assert "Recorded by the Secretariat, note verbale NV/PH/2009" in page
    chart = json.loads(
        re.search(r'id="round-chart-data" type="application/json">(.*?)</script>', page).group(1)
    )
    assert chart["labels"] == ["South-South Migration", "Migration and Social Change"]
    assert chart["votes"] == [2, 1]
    assert "vendor/chartjs/chart.umd.min." in page
    csv = client.get(reverse("consultations:results_csv", args=[voting_round.pk]))
    assert csv["Content-Type"] == "text/csv; charset=utf-8"
    lines = csv.getvalue().decode("utf-8-sig").splitlines()
    assert lines[0] == "Count round,Proposal,Votes,Share (%),Outcome"
    assert lines[1] == "1,South-South Migration,2,66.7,winner"
    assert lines[2] == "1,Migration and Social Change,1,33.3,"
    assert "Quorum met,yes" in lines
    assert lines[-4].startswith("Mexico,")
    assert lines[-4].endswith(",yes,NV/MX/2009,South-South Migration")
    assert lines[-3].endswith(",yes,NV/MA/2009,Migration and Social Change")
    # The Secretariat adopts it.
    response = client.post(
        reverse("consultations:adopt", args=[voting_round.pk]), {"proposal": south.pk}, follow=True
    )
    assert "“South-South Migration” is adopted as the overarching theme of IDM 2010." in text(
        response
    )
    assert IdmYear.objects.get(year=2010).overarching_theme == "South-South Migration"
    again = client.post(
        reverse("consultations:adopt", args=[voting_round.pk]), {"proposal": south.pk}, follow=True
    )
    assert "This round&#x27;s theme was already adopted on" in text(again)


def test_a_tie_and_a_failed_quorum_are_flagged(client, voting_round, themes, secretariat):
    for code, choice in (("PH", themes[0]), ("MX", themes[1])):
        voting.record_ballot(
            voting_round,
            member_state=MemberStateFactory(country=code, name=code),
            ranking=[choice.pk],
            note_verbale="NV",
            actor=secretariat,
        )
    for code in ("MA", "SN", "EG"):
        MemberStateFactory(country=code, name=code)
    close(voting_round)
    client.force_login(secretariat)
    page = text(client.get(reverse("consultations:results", args=[voting_round.pk])))
    assert (
        "Tie, for the Secretariat's decision: South-South Migration, "
        "Migration and Social Change" in page
    )
    assert "quorum not met" in page
    assert "No theme can be adopted: the quorum was not met." in page
    assert "Adopt" not in page


def test_the_home_page_shows_the_open_voting_round(client, voting_round, themes):
    from tests.factories import IdmYearFactory

    IdmYearFactory()
    page = text(client.get(reverse("home")))
    assert "Open for vote" in page
    assert "Selection of the theme of IDM 2010" in page
    assert "0 member states have voted" in page
    close(voting_round)
    # Closed: still there, marked closed, with a link to its result (issue 14).
    page = text(client.get(reverse("home")))
    assert "Selection of the theme of IDM 2010" in page
    assert "Vote closed" in page
    assert "Open for vote" not in page


def test_ballots_recorded_on_behalf_are_marked_everywhere(
    client, voting_round, themes, secretariat
):
    state = MemberStateFactory(country="PH", name="Philippines")
    client.force_login(secretariat)
    response = client.post(
        reverse("consultations:record_ballot", args=[voting_round.pk]),
        {
            "member_state": state.pk,
            "choice": themes[1].pk,
            "note_verbale": "Note verbale 123/2009",
            "submission": "x1",
        },
        follow=True,
    )
    page = text(response)
    assert "The ballot of Philippines is recorded (note verbale Note verbale 123/2009)." in page
    assert "Recorded by the Secretariat, note verbale Note verbale 123/2009" in page
    audit = text(client.get(reverse("consultations:audit", args=[voting_round.pk])))
    assert "Ballot cast" in audit
    assert "Recorded by the Secretariat, note verbale Note verbale 123/2009" in audit
    # A named round's choices are sealed until the close, for the Secretariat too.
    assert "Migration and Social Change" not in audit
    event = BallotEvent.objects.get()
    assert (event.recorded_on_behalf, event.note_verbale, event.actor) == (
        True,
        "Note verbale 123/2009",
        secretariat,
    )


def test_the_audit_trail_of_a_secret_round_keeps_no_choice(
    client, themes, focal_point, switzerland, secretariat
):
    secret = VotingRoundFactory(proposals=themes, secrecy="secret")
    voting.cast_ballot(secret, member_state=switzerland, ranking=[themes[1].pk], actor=focal_point)
    client.force_login(secretariat)
    audit = text(client.get(reverse("consultations:audit", args=[secret.pk])))
    assert "Ballot cast" in audit
    assert "Switzerland" in audit
    assert "Migration and Social Change" not in audit


def test_the_audit_trail_of_a_named_round_shows_choices_only_after_the_close(
    client, voting_round, themes, focal_point, switzerland, secretariat
):
    voting.cast_ballot(
        voting_round, member_state=switzerland, ranking=[themes[1].pk], actor=focal_point
    )
    client.force_login(secretariat)
    url = reverse("consultations:audit", args=[voting_round.pk])
    during = client.get(url).content.decode()
    assert "<td>Switzerland</td>" in during
    assert "Ballot cast" in during
    assert "Migration and Social Change" not in during
    assert ">Choice<" not in during
    assert "choice appears here after the close; until then the trail shows only who" in during
    close(voting_round)
    after = client.get(url).content.decode()
    assert re.search(r"<td>Switzerland</td>.*?<td>Migration and Social Change</td>", after, re.S)
    assert "appears here after the close" not in after


def test_participation_lists_the_member_states_that_voted(
    client, voting_round, themes, focal_point, switzerland
):
    voting.cast_ballot(
        voting_round, member_state=switzerland, ranking=[themes[0].pk], actor=focal_point
    )
    MemberStateFactory(country="PH", name="Philippines")
    client.force_login(focal_point)
    page = text(client.get(reverse("consultations:round", args=[voting_round.pk])))
    assert "1 member state has voted." in page
    assert "<td>Switzerland</td>" in page
    assert "Philippines" not in page
    assert "Online, by a focal point" in page


FEW = ["AR"]
MANY = ["PH", "MX", "MA", "SN", "EG", "BD", "LK", "TH", "CO", "EC"]


def _many_ballots(voting_round, themes, countries, secretariat):
    for country in countries:
        state = OrganizationFactory(
            name=f"State {country}", kind="government", country=country,
            iom_status="member_state",
        )  # fmt: skip
        voting.record_ballot(
            voting_round, member_state=state, ranking=[themes[0].pk], note_verbale="NV",
            actor=secretariat,
        )  # fmt: skip


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_round_page_makes_as_many_queries_for_many_ballots_as_for_few(
    client, voting_round, themes, secretariat
):
    client.force_login(secretariat)
    url = reverse("consultations:round", args=[voting_round.pk])
    _many_ballots(voting_round, themes, FEW, secretariat)
    few = _queries(client, url)
    other = VotingRoundFactory(proposals=themes)
    _many_ballots(other, themes, MANY, secretariat)
    assert _queries(client, reverse("consultations:round", args=[other.pk])) == few == 7


def test_the_audit_trail_makes_as_many_queries_for_many_events_as_for_few(
    client, voting_round, themes, secretariat
):
    client.force_login(secretariat)
    _many_ballots(voting_round, themes, FEW, secretariat)
    few = _queries(client, reverse("consultations:audit", args=[voting_round.pk]))
    other = VotingRoundFactory(proposals=themes)
    _many_ballots(other, themes, MANY, secretariat)
    assert _queries(client, reverse("consultations:audit", args=[other.pk])) == few == 6


def test_the_closed_result_makes_as_many_queries_for_many_ballots_as_for_few(
    client, voting_round, themes, secretariat
):
    client.force_login(secretariat)
    _many_ballots(voting_round, themes, FEW, secretariat)
    close(voting_round)
    url = reverse("consultations:results", args=[voting_round.pk])
    voting.fix_eligible_counts()  # the beat, the minute after the close
    few = _queries(client, url)
    other = VotingRoundFactory(proposals=themes)
    _many_ballots(other, themes, MANY, secretariat)
    close(other)
    voting.fix_eligible_counts()
    assert _queries(client, reverse("consultations:results", args=[other.pk])) == few == 10


def test_focal_point_of_an_observer_state_has_no_ballot_link(client, voting_round):
    observer = FocalPointFactory(
        member_state=OrganizationFactory(
            name="Holy See", kind="government", country="VA", iom_status="observer_state"
        )
    )
    client.force_login(observer.user)
    page = text(client.get(reverse("consultations:round", args=[voting_round.pk])))
    assert "Vote or change the ballot" not in page


def test_the_result_csv_keeps_a_typed_formula_as_text(client, voting_round, themes, secretariat):
    state = MemberStateFactory(country="PH", name="Philippines")
    voting.record_ballot(
        voting_round,
        member_state=state,
        ranking=[themes[0].pk],
        note_verbale='=HYPERLINK("http://evil.example")',
        actor=secretariat,
    )
    close(voting_round)
    client.force_login(secretariat)
    csv = client.get(reverse("consultations:results_csv", args=[voting_round.pk]))
    row = [
        line
        for line in csv.getvalue().decode("utf-8-sig").splitlines()
        if line.startswith("Philippines,")
    ]
    assert row[0].endswith(',yes,"\'=HYPERLINK(""http://evil.example"")",South-South Migration')


def test_the_secretariat_extends_an_open_round_and_what_was_announced_stays(
    client, voting_round, secretariat
):
    client.force_login(secretariat)
    url = reverse("consultations:round_edit", args=[voting_round.pk])
    page = text(client.get(url))
    assert "The round is open: only its title and its closing time may change" in page
    later = (voting_round.closes_at + dt.timedelta(days=3)).astimezone(voting.GENEVA)
    response = client.post(
        url,
        {
            "title": "Selection of the theme of IDM 2010 (extended)",
            "closes_at": later.strftime("%Y-%m-%dT%H:%M"),
            # Disabled fields: what is posted for them is ignored.
            "secrecy": "secret",
            "method": "ranked",
        },
        follow=True,
    )
    assert "The voting round is changed." in text(response)
    voting_round.refresh_from_db()
    assert voting_round.title == "Selection of the theme of IDM 2010 (extended)"
    assert voting_round.closes_at == later.replace(second=0, microsecond=0)
    assert (voting_round.secrecy, voting_round.method) == ("named", "single")


def test_the_admin_shows_a_named_rounds_choices_only_after_the_close(
    client, voting_round, themes, focal_point, switzerland, secretariat
):
    voting.cast_ballot(
        voting_round, member_state=switzerland, ranking=[themes[1].pk], actor=focal_point
    )
    client.force_login(secretariat)
    url = reverse("admin:consultations_votinground_change", args=[voting_round.pk])
    during = client.get(url).content.decode()
    assert "Ballot cast" in during
    assert "column-choice" not in during
    close(voting_round)
    after = client.get(url).content.decode()
    assert "column-choice" in after
    assert re.search(r'<td class="field-choice">\s*<p>Migration and Social Change</p>', after)


def test_a_round_title_is_written_in_english_french_and_spanish(client, secretariat):
    voting_round = VotingRoundFactory(title="Selection of the overarching theme for IDM 2010")
    client.force_login(secretariat)
    assert (
        "French missing"
        in client.get(reverse("consultations:round_edit", args=[voting_round.pk])).content.decode()
    )

    announced = {name: getattr(voting_round, name) for name in voting.ANNOUNCED_FIELDS}
    voting.reschedule_round(
        voting_round,
        actor=secretariat,
        title="Selection of the overarching theme for IDM 2010",
        title_fr="Choix du thème général de l’IDM 2010",
        title_es="",
        proposals=list(voting_round.proposals.all()),
        closes_at=voting_round.closes_at,
        **announced,
    )

    voting_round.refresh_from_db()
    assert (voting_round.title_en, voting_round.title_fr, voting_round.title_es) == (
        "Selection of the overarching theme for IDM 2010",
        "Choix du thème général de l’IDM 2010",
        None,
    )

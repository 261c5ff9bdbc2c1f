"""Voting services on PostgreSQL: casting, changing, secrecy, the window, the seal before the
close, the count, adoption, the audit trail and the reminders.

Over 400 lines on purpose: 26 tests of the voting services, sharing the rounds' fixtures."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from consultations.models import (
    Ballot,
    BallotEvent,
    HeldSecretChoice,
    SecretChoice,
    VoteReminder,
    VotingRound,
)
from consultations.services import ballot_box, voting
from idm_portal.core.models import IdmYear, OutgoingMail
from tests.factories import (
    FocalPointFactory,
    MemberStateFactory,
    OrganizationFactory,
    ThemeProposalFactory,
    VotingRoundFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def named_round(themes):
    return VotingRoundFactory(title="IDM 2010 theme", proposals=themes)


@pytest.fixture
def secret_round(themes):
    return VotingRoundFactory(title="IDM 2010 theme (secret)", secrecy="secret", proposals=themes)


def close(voting_round):
    VotingRound.objects.filter(pk=voting_round.pk).update(
        opens_at=timezone.now() - dt.timedelta(days=8),
        closes_at=timezone.now() - dt.timedelta(minutes=1),
    )
    voting_round.refresh_from_db()
    return voting_round


def states(n):
    codes = ["PH", "MX", "MA", "SN", "EG", "BD", "LK", "TH", "CO", "EC"]
    return [MemberStateFactory(country=code, name=f"State {code}") for code in codes[:n]]


def test_cast_ballot_keeps_one_ballot_and_the_change(named_round, themes, focal_point, switzerland):
    south, social = themes
    ballot, changed = voting.cast_ballot(
        named_round, member_state=switzerland, ranking=[south.pk], actor=focal_point
    )
    assert changed
    voting.cast_ballot(
        named_round, member_state=switzerland, ranking=[social.pk], actor=focal_point
    )
    ballot = Ballot.objects.get()
    assert ballot.ranking == [social.pk]
    assert ballot.changed_at is not None
    events = list(BallotEvent.objects.order_by("at", "pk").values_list("action", "choice"))
    assert events == [
        ("cast", "South-South Migration"),
        ("changed", "Migration and Social Change"),
    ]


def test_the_same_form_posted_twice_changes_nothing(named_round, themes, focal_point, switzerland):
    for _attempt in range(2):
        voting.cast_ballot(
            named_round,
            member_state=switzerland,
            ranking=[themes[0].pk],
            actor=focal_point,
            submission="form-1",
        )
    assert Ballot.objects.count() == 1
    assert BallotEvent.objects.count() == 1


def test_a_secret_round_stores_no_link_from_choice_to_member_state(
    secret_round, themes, focal_point, switzerland, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        voting.cast_ballot(
            secret_round, member_state=switzerland, ranking=[themes[1].pk], actor=focal_point
        )
    ballot = Ballot.objects.get()
    assert ballot.ranking is None
    # The choice waits in the holding table until the worker moves it to the box.
    assert [held.ranking for held in HeldSecretChoice.objects.all()] == [[themes[1].pk]]
    assert ballot_box.move_to_box(secret_round) == 1
    assert not HeldSecretChoice.objects.exists()
    choice = SecretChoice.objects.get()
    assert choice.ranking == [themes[1].pk]
    # The choice table holds a random key, the round and the ranking: nothing else.
    with connection.cursor() as cursor:
        columns = [
            column.name
            for column in connection.introspection.get_table_description(
                cursor, SecretChoice._meta.db_table
            )
        ]
        relations = connection.introspection.get_relations(cursor, SecretChoice._meta.db_table)
    assert sorted(columns) == ["id", "ranking", "round_id"]
    assert {table for _column, table in relations.values()} == {VotingRound._meta.db_table}
    assert choice.pk.version == 4
    # The audit trail says that a ballot was cast, never what it holds.
    event = BallotEvent.objects.get()
    assert (event.action, event.choice) == ("cast", "")
    # The participation row has no choice and no key of the choice row.
    ballot_columns = {f.column for f in Ballot._meta.concrete_fields}
    assert not any("choice" in column for column in ballot_columns)


def test_a_secret_ballot_cannot_be_changed(
    secret_round, themes, focal_point, switzerland, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        voting.cast_ballot(
            secret_round, member_state=switzerland, ranking=[themes[0].pk], actor=focal_point
        )
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(voting.BallotLocked, match="a secret ballot cannot be changed"),
    ):
        voting.cast_ballot(
            secret_round, member_state=switzerland, ranking=[themes[1].pk], actor=focal_point
        )
    assert callbacks == []  # nothing held for the refused change
    assert [c.ranking for c in HeldSecretChoice.objects.all()] == [[themes[0].pk]]


def test_only_a_focal_point_of_the_member_state_votes(
    named_round, themes, focal_point, delegate, secretariat, switzerland
):
    other = MemberStateFactory(country="PH", name="Philippines")
    for actor, state in ((delegate, switzerland), (secretariat, switzerland), (focal_point, other)):
        with pytest.raises(PermissionDenied):
            voting.cast_ballot(named_round, member_state=state, ranking=[], actor=actor)
    assert not Ballot.objects.exists()


def test_an_observer_state_cannot_vote(named_round, themes):
    observer = FocalPointFactory(
        member_state=OrganizationFactory(
            name="Holy See", kind="government", country="VA", iom_status="observer_state"
        )
    )
    with pytest.raises(PermissionDenied):
        voting.cast_ballot(
            named_round,
            member_state=observer.member_state,
            ranking=[themes[0].pk],
            actor=observer.user,
        )


def test_votes_before_the_open_and_after_the_close_are_refused_with_the_times(
    themes, focal_point, switzerland
):
    opens = dt.datetime(2031, 5, 4, 9, 0, tzinfo=dt.UTC)
    early = VotingRoundFactory(
        proposals=themes, opens_at=opens, closes_at=opens + dt.timedelta(days=3)
    )
    with pytest.raises(voting.VotingClosed) as refused:
        voting.cast_ballot(early, member_state=switzerland, ranking=[], actor=focal_point)
    assert refused.value.messages == [
        "Voting has not opened yet: it opens on 4 May 2031 at 11:00 (Geneva time) and closes "
        "on 7 May 2031 at 11:00 (Geneva time)."
    ]
    late = VotingRoundFactory(
        proposals=themes,
        opens_at=dt.datetime(2009, 5, 1, 8, tzinfo=dt.UTC),
        closes_at=dt.datetime(2009, 6, 30, 16, tzinfo=dt.UTC),
    )
    with pytest.raises(voting.VotingClosed) as refused:
        voting.cast_ballot(late, member_state=switzerland, ranking=[], actor=focal_point)
    assert refused.value.messages == [
        "Voting is closed: it closed on 30 June 2009 at 18:00 (Geneva time)."
    ]
    assert not Ballot.objects.exists()


def test_a_proposal_of_another_round_is_refused(named_round, focal_point, switzerland):
    stranger = ThemeProposalFactory(title="Not on this ballot")
    with pytest.raises(voting.UnknownProposal):
        voting.cast_ballot(
            named_round, member_state=switzerland, ranking=[stranger.pk], actor=focal_point
        )
    assert not Ballot.objects.exists()


def test_single_choice_takes_one_proposal(named_round, themes, focal_point, switzerland):
    with pytest.raises(ValidationError, match="Choose one proposal only"):
        voting.cast_ballot(
            named_round,
            member_state=switzerland,
            ranking=[themes[0].pk, themes[1].pk],
            actor=focal_point,
        )


def test_the_result_is_sealed_before_the_close_for_everyone(
    named_round, themes, focal_point, switzerland
):
    voting.cast_ballot(
        named_round, member_state=switzerland, ranking=[themes[0].pk], actor=focal_point
    )
    with pytest.raises(voting.ResultSealed):
        voting.result_of(named_round)


def test_the_result_after_the_close_counts_the_ballots(named_round, themes, secretariat):
    south, social = themes
    for state, choice in zip(states(5), [south, south, social, south, None], strict=True):
        voting.record_ballot(
            named_round,
            member_state=state,
            ranking=[choice.pk] if choice else [],
            note_verbale=f"NV/{state.country}",
            actor=secretariat,
        )
    result = voting.result_of(close(named_round))
    assert result.first_round.votes == {south.pk: 3, social.pk: 1}
    assert result.abstentions == 1
    assert result.winner == south.pk
    assert result.eligible == 5
    assert result.quorum_met
    assert set(Ballot.objects.values_list("note_verbale", flat=True)) == {
        "NV/PH", "NV/MX", "NV/MA", "NV/SN", "NV/EG",
    }  # fmt: skip
    assert all(Ballot.objects.values_list("recorded_on_behalf", flat=True))


def test_a_ballot_recorded_on_behalf_needs_the_note_verbale(named_round, themes, secretariat):
    (state,) = states(1)
    with pytest.raises(ValidationError, match="note verbale may not be empty"):
        voting.record_ballot(
            named_round, member_state=state, ranking=[], note_verbale=" ", actor=secretariat
        )


def test_adoption_sets_the_theme_of_the_year_once(named_round, themes, secretariat):
    south, _social = themes
    for state in states(3):
        voting.record_ballot(
            named_round,
            member_state=state,
            ranking=[south.pk],
            note_verbale="NV",
            actor=secretariat,
        )
    close(named_round)
    voting.adopt_theme(named_round, proposal=south, actor=secretariat)
    year = IdmYear.objects.get(year=2010)
    assert year.overarching_theme == "South-South Migration"
    assert year.status == IdmYear.Status.PLANNED
    south.refresh_from_db()
    assert south.status == "selected"
    with pytest.raises(ValidationError, match="already adopted"):
        voting.adopt_theme(named_round, proposal=south, actor=secretariat)
    assert IdmYear.objects.get(year=2010).overarching_theme == "South-South Migration"


def test_only_the_winner_is_adopted(named_round, themes, secretariat):
    south, social = themes
    for state in states(3):
        voting.record_ballot(
            named_round,
            member_state=state,
            ranking=[south.pk],
            note_verbale="NV",
            actor=secretariat,
        )
    close(named_round)
    with pytest.raises(ValidationError, match="Only the winner"):
        voting.adopt_theme(named_round, proposal=social, actor=secretariat)
    assert not IdmYear.objects.filter(year=2010).exists()


def test_a_tie_is_decided_by_the_secretariat(named_round, themes, secretariat):
    _south, social = themes
    for state, choice in zip(states(2), themes, strict=True):
        voting.record_ballot(
            named_round,
            member_state=state,
            ranking=[choice.pk],
            note_verbale="NV",
            actor=secretariat,
        )
    result = voting.result_of(close(named_round))
    assert result.is_tie
    voting.adopt_theme(named_round, proposal=social, actor=secretariat)
    assert IdmYear.objects.get(year=2010).overarching_theme == "Migration and Social Change"


def test_no_adoption_without_quorum(named_round, themes, secretariat):
    states(4)
    (first,) = states(1)
    voting.record_ballot(
        named_round,
        member_state=first,
        ranking=[themes[0].pk],
        note_verbale="NV",
        actor=secretariat,
    )
    result = voting.result_of(close(named_round))
    assert not result.quorum_met
    with pytest.raises(ValidationError, match="quorum was not met"):
        voting.adopt_theme(named_round, proposal=themes[0], actor=secretariat)


def test_no_adoption_before_the_close(named_round, themes, secretariat):
    with pytest.raises(ValidationError, match="only after the close"):
        voting.adopt_theme(named_round, proposal=themes[0], actor=secretariat)


def test_a_year_that_has_a_theme_is_not_overwritten(named_round, themes, secretariat):
    IdmYear.objects.create(year=2010, overarching_theme="Chosen elsewhere")
    for state in states(1):
        voting.record_ballot(
            named_round,
            member_state=state,
            ranking=[themes[0].pk],
            note_verbale="NV",
            actor=secretariat,
        )
    close(named_round)
    with pytest.raises(ValidationError, match="already adopted: Chosen elsewhere"):
        voting.adopt_theme(named_round, proposal=themes[0], actor=secretariat)
    named_round.refresh_from_db()
    assert named_round.adopted_at is None


def test_reminders_go_once_to_focal_points_of_states_that_have_not_voted(
    settings, named_round, themes, focal_point, switzerland
):
    settings.VOTE_REMINDER_DAYS = 3
    philippines = FocalPointFactory(
        user__email="focal.ph@example.org",
        member_state=MemberStateFactory(country="PH", name="Philippines"),
    )
    FocalPointFactory(user__email="second.ph@example.org", member_state=philippines.member_state)
    voting.cast_ballot(
        named_round, member_state=switzerland, ranking=[themes[0].pk], actor=focal_point
    )
    # A week before the close: too early.
    assert voting.send_vote_reminders() == 0
    VotingRound.objects.filter(pk=named_round.pk).update(
        closes_at=timezone.now() + dt.timedelta(days=2)
    )
    assert voting.send_vote_reminders() == 2
    assert voting.send_vote_reminders() == 0
    mails = OutgoingMail.objects.order_by("to")
    assert [m.to for m in mails] == ["focal.ph@example.org", "second.ph@example.org"]
    assert mails[0].subject == "Reminder: IDM 2010 theme"
    assert 'Philippines has not yet voted in "IDM 2010 theme"' in mails[0].body_text
    assert "/en/consultations/rounds/" in mails[0].body_text
    assert VoteReminder.objects.get().member_state == philippines.member_state


def test_the_reminder_task_is_scheduled_by_celery_beat(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["send-vote-reminders"]
    assert entry["task"] == "consultations.send_vote_reminders"

    from consultations.tasks import send_vote_reminders_task

    assert send_vote_reminders_task.name == "consultations.send_vote_reminders"
    assert send_vote_reminders_task.apply().get() == 0


def _announced(voting_round, **changes):
    values = {name: getattr(voting_round, name) for name in voting.ANNOUNCED_FIELDS}
    values.update(
        title=voting_round.title,
        closes_at=voting_round.closes_at,
        proposals=list(voting_round.proposals.all()),
    )
    values.update(changes)
    return values


def test_a_round_not_open_yet_may_change_in_everything(themes, secretariat):
    later = timezone.now() + dt.timedelta(days=2)
    voting_round = VotingRoundFactory(
        proposals=themes, opens_at=later, closes_at=later + dt.timedelta(days=7)
    )
    third = ThemeProposalFactory(title="Migration and Health")
    voting.reschedule_round(
        voting_round,
        actor=secretariat,
        **_announced(voting_round, secrecy="secret", method="ranked", proposals=[*themes, third]),
    )
    voting_round.refresh_from_db()
    assert (voting_round.secrecy, voting_round.method) == ("secret", "ranked")
    assert voting_round.proposals.count() == 3


def test_an_open_round_changes_only_its_title_and_closing_time(
    named_round, switzerland, focal_point, secretariat
):
    voting.cast_ballot(
        named_round,
        member_state=switzerland,
        ranking=[named_round.proposals.first().pk],
        actor=focal_point,
    )
    with pytest.raises(ValidationError) as refused:
        voting.reschedule_round(
            named_round, actor=secretariat, **_announced(named_round, secrecy="secret")
        )
    assert refused.value.messages == [
        "The round is open: only its title and its closing time may change, since the member "
        "states vote on what was announced."
    ]
    later = named_round.closes_at + dt.timedelta(days=3)
    voting.reschedule_round(
        named_round,
        actor=secretariat,
        **_announced(named_round, title="IDM 2010 theme (extended)", closes_at=later),
    )
    named_round.refresh_from_db()
    assert (named_round.title, named_round.closes_at, named_round.secrecy) == (
        "IDM 2010 theme (extended)",
        later,
        "named",
    )
    past = timezone.now() - dt.timedelta(minutes=5)
    with pytest.raises(ValidationError, match="has passed already"):
        voting.reschedule_round(
            named_round, actor=secretariat, **_announced(named_round, closes_at=past)
        )


def test_a_closed_round_does_not_change_and_only_the_secretariat_changes_one(
    named_round, focal_point, secretariat
):
    with pytest.raises(PermissionDenied):
        voting.reschedule_round(named_round, actor=focal_point, **_announced(named_round))
    close(named_round)
    with pytest.raises(ValidationError, match="This round has closed"):
        voting.reschedule_round(
            named_round, actor=secretariat, **_announced(named_round, title="Renamed")
        )
    named_round.refresh_from_db()
    assert named_round.title == "IDM 2010 theme"


def test_the_eligible_member_states_are_fixed_at_the_close_not_by_a_reader(
    named_round, themes, secretariat
):
    first = states(4)
    voting.record_ballot(
        named_round,
        member_state=first[0],
        ranking=[themes[0].pk],
        note_verbale="NV/1",
        actor=secretariat,
    )
    assert voting.fix_eligible_counts() == 0  # still open: nothing to fix
    close(named_round)
    # Read before the beat ran: the membership as it stands, and nothing written.
    assert voting.result_of(named_round).eligible == 4
    assert VotingRound.objects.get(pk=named_round.pk).eligible_count is None
    # The beat's task, the minute after the close, fixes the count.
    assert voting.fix_eligible_counts() == 1
    MemberStateFactory(country="NP", name="Nepal")  # joins after the close: not eligible
    named_round.refresh_from_db()
    assert named_round.eligible_count == 4
    assert voting.result_of(named_round).eligible == 4
    assert voting.fix_eligible_counts() == 0  # fixed once


def test_the_results_page_writes_nothing(client, named_round, themes, secretariat):
    states(3)
    close(named_round)
    client.force_login(secretariat)
    page = client.get(reverse("consultations:results", args=[named_round.pk]))
    assert page.status_code == 200
    assert VotingRound.objects.get(pk=named_round.pk).eligible_count is None


def test_the_beat_fixes_the_eligible_count_every_minute(named_round, settings):
    from consultations.tasks import close_due_rounds_task
    from idm_portal.celery import app

    assert settings.CELERY_BEAT_SCHEDULE["close-due-rounds"] == {
        "task": "consultations.close_due_rounds",
        "schedule": 60.0,
    }
    assert "consultations.close_due_rounds" in app.tasks
    states(2)
    close(named_round)
    assert close_due_rounds_task() == 1
    named_round.refresh_from_db()
    assert named_round.eligible_count == 2

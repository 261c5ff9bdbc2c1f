"""The ballot box of secret rounds, on PostgreSQL: twenty member states cast secret ballots
through the real worker, then the test tries, as a database administrator would, to link a
member state to its choice through ``xmin``, ``ctid`` order, timestamps and sequences."""

import datetime as dt
import itertools
import json

import pytest
from django.db import connection
from django.utils import timezone

from consultations.models import (
    Ballot,
    BallotEvent,
    HeldSecretChoice,
    SecretChoice,
    VotingRound,
)
from consultations.services import ballot_box, voting
from tests.conftest import wait_for
from tests.factories import (
    FocalPointFactory,
    MemberStateFactory,
    ThemeProposalFactory,
    VotingRoundFactory,
)

COUNTRIES = ["AR", "BD", "BR", "CL", "CO", "EC", "EG", "GH", "ID", "KE",
             "LK", "MA", "MX", "NG", "PE", "PH", "SN", "TH", "TN", "UY"]  # fmt: skip
# In a random permutation of 20, the number of states put beside their own choice is about
# Poisson(1): 9 or more happens with a probability of about 1.0e-6. A method that links
# better than chance finds many more (all 20 for the order of the cast).
CHANCE_MAX = 8


def _xmin(table, round_id):
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT xmin::text::bigint FROM {table} WHERE round_id = %s",  # noqa: S608 - our table names
            [round_id],
        )
        return [row[0] for row in cursor.fetchall()]


def _box_in(order, round_id):
    with connection.cursor() as cursor:
        sql = f"SELECT ranking::text FROM consultations_secretchoice WHERE round_id = %s ORDER BY {order}"  # noqa: E501, S608 - a fixed list of orders
        cursor.execute(sql, [round_id])
        return [tuple(json.loads(row[0])) for row in cursor.fetchall()]


def _matches(states_in_order, choices_in_order, truth):
    """How many member states a method puts beside their own choice."""
    return sum(
        truth[state] == choice
        for state, choice in zip(states_in_order, choices_in_order, strict=True)
    )


def _columns(table):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name, data_type, column_default, is_identity "
            "FROM information_schema.columns WHERE table_name = %s",
            [table],
        )
        return cursor.fetchall()


@pytest.mark.django_db(transaction=True)
def test_twenty_secret_ballots_cannot_be_linked_to_their_member_states(celery_worker):
    proposals = [ThemeProposalFactory(order=n) for n in range(4)]
    voting_round = VotingRoundFactory(proposals=proposals, secrecy="secret", method="ranked")
    # Twenty different full rankings of four proposals: each choice names one state.
    rankings = list(itertools.permutations([p.pk for p in proposals]))[:20]
    truth = {}
    for country, ranking in zip(COUNTRIES, rankings, strict=True):
        focal_point = FocalPointFactory(
            member_state=MemberStateFactory(country=country, name=f"State {country}")
        )
        voting.cast_ballot(
            voting_round,
            member_state=focal_point.member_state,
            ranking=list(ranking),
            actor=focal_point.user,
        )
        truth[focal_point.member_state_id] = ranking
    # The worker moves each held choice to the box (SECRET_BALLOT_BATCH is 1 by default).
    wait_for(
        lambda: (
            SecretChoice.objects.filter(round=voting_round).count() == 20
            and not HeldSecretChoice.objects.exists()
        ),
        message="the worker to move the twenty choices to the box",
    )
    assert sorted(truth.values()) == sorted(_box_in("id", voting_round.pk))

    # The participation and the audit say only that each state voted.
    assert Ballot.objects.filter(round=voting_round, ranking__isnull=False).count() == 0
    assert set(BallotEvent.objects.values_list("action", "choice")) == {("cast", "")}

    # xmin: every row of the box was written by the last move, one transaction, after the
    # last cast: no row's transaction follows its cast.
    box_xmins = _xmin("consultations_secretchoice", voting_round.pk)
    assert len(set(box_xmins)) == 1
    assert box_xmins[0] > max(_xmin("consultations_ballot", voting_round.pk))
    assert box_xmins[0] > max(_xmin("consultations_ballotevent", voting_round.pk))

    # The order of the cast, as a DBA reads it: the participation rows' keys, times, xmin.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT member_state_id FROM consultations_ballot WHERE round_id = %s "
            "ORDER BY xmin::text::bigint",
            [voting_round.pk],
        )
        by_xmin = [row[0] for row in cursor.fetchall()]
    by_key = list(
        Ballot.objects.filter(round=voting_round)
        .order_by("pk")
        .values_list("member_state_id", flat=True)
    )
    by_time = list(
        Ballot.objects.filter(round=voting_round)
        .order_by("cast_at")
        .values_list("member_state_id", flat=True)
    )
    assert by_xmin == by_key == by_time == list(truth)  # the cast order is plain to see ...
    for order in ("ctid", "ctid DESC", "id", "id DESC"):  # ... the box's order is not
        box = _box_in(order, voting_round.pk)
        assert box != [truth[state] for state in by_key]
        assert _matches(by_key, box, truth) <= CHANCE_MAX, order

    # No time, no sequence: the box and the holding table have neither.
    for table in ("consultations_secretchoice", "consultations_heldsecretchoice"):
        columns = _columns(table)
        assert sorted(name for name, *_rest in columns) == ["id", "ranking", "round_id"]
        assert not [c for c in columns if "time" in c[1] or c[1] == "date"]
        assert not [c for c in columns if (c[2] or "").startswith("nextval") or c[3] == "YES"]
        assert {name: kind for name, kind, *_rest in columns}["id"] == "uuid"


@pytest.mark.django_db
def test_held_choices_wait_for_the_batch_then_move_together(
    settings, django_capture_on_commit_callbacks
):
    settings.SECRET_BALLOT_BATCH = 3
    proposals = ThemeProposalFactory.create_batch(2)
    voting_round = VotingRoundFactory(proposals=proposals, secrecy="secret")
    for country in ("PH", "MX"):
        focal_point = FocalPointFactory(member_state=MemberStateFactory(country=country))
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            voting.cast_ballot(
                voting_round,
                member_state=focal_point.member_state,
                ranking=[proposals[0].pk],
                actor=focal_point.user,
            )
        # The choice is written only when the participation has committed, on its own.
        assert [callback.func.__name__ for callback in callbacks] == ["hold_choice"]
        ballot_box.hold_choice(*callbacks[0].args)
    assert ballot_box.move_to_box(voting_round) == 0  # two held: below the batch
    assert HeldSecretChoice.objects.count() == 2
    assert not SecretChoice.objects.exists()
    ballot_box.hold_choice(voting_round.pk, [proposals[1].pk])
    assert ballot_box.move_to_box(voting_round) == 3
    assert not HeldSecretChoice.objects.exists()
    assert sorted(SecretChoice.objects.values_list("ranking", flat=True)) == sorted(
        [[proposals[0].pk], [proposals[0].pk], [proposals[1].pk]]
    )


@pytest.mark.django_db
def test_at_the_close_every_held_choice_is_counted(settings):
    settings.SECRET_BALLOT_BATCH = 50
    proposals = ThemeProposalFactory.create_batch(2)
    voting_round = VotingRoundFactory(proposals=proposals, secrecy="secret")
    for country, choice in (("PH", 0), ("MX", 1), ("MA", 1)):
        focal_point = FocalPointFactory(member_state=MemberStateFactory(country=country))
        voting.cast_ballot(
            voting_round,
            member_state=focal_point.member_state,
            ranking=[proposals[choice].pk],
            actor=focal_point.user,
        )
        ballot_box.hold_choice(voting_round.pk, [proposals[choice].pk])
    ballot_box.move_due_choices()  # below the batch, still open: they wait
    assert HeldSecretChoice.objects.count() == 3
    VotingRound.objects.filter(pk=voting_round.pk).update(
        closes_at=timezone.now() - dt.timedelta(seconds=1)
    )
    voting_round.refresh_from_db()
    assert ballot_box.move_due_choices() == 3  # beat moves a closed round's choices
    assert not HeldSecretChoice.objects.exists()
    ballot_box.hold_choice(voting_round.pk, [proposals[0].pk])  # one that came late
    result = voting.result_of(voting_round)  # the count reads it where it is, writing nothing
    assert HeldSecretChoice.objects.count() == 1
    assert result.ballots == 4
    assert result.first_round.votes == {proposals[0].pk: 2, proposals[1].pk: 2}

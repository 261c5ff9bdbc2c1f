"""Ballots under concurrency, on PostgreSQL, with one connection per thread: two focal
points of one member state at the same instant, and sixty member states at once."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.utils import timezone

from consultations.models import Ballot, BallotEvent, HeldSecretChoice, SecretChoice, VotingRound
from consultations.services import voting
from idm_portal.core.models import Organization
from tests.factories import FocalPointFactory, VotingRoundFactory

pytestmark = pytest.mark.django_db(transaction=True)

# Threads at once: well below PostgreSQL's 100 connections, which other test runs share.
POOL = 20
# Sixty member states at once: sixty connections, still below the 100 PostgreSQL allows.
SIXTY = 60


def _in_thread(function):
    """Run ``function`` on the thread's own connection, closed afterwards."""

    def run(*args):
        try:
            return function(*args)
        finally:
            connection.close()

    return run


@pytest.mark.parametrize("secrecy", ["named", "secret"])
def test_two_focal_points_of_one_state_at_the_same_instant_make_one_ballot(themes, secrecy):
    voting_round = VotingRoundFactory(proposals=themes, secrecy=secrecy)
    first = FocalPointFactory(member_state__country="CH", member_state__name="Switzerland")
    second = FocalPointFactory(member_state=first.member_state)
    state = first.member_state
    barrier = threading.Barrier(2)

    @_in_thread
    def vote(user, proposal):
        barrier.wait()
        try:
            return voting.cast_ballot(
                voting_round, member_state=state, ranking=[proposal.pk], actor=user
            )
        except voting.BallotLocked as error:
            return error

    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = list(pool.map(vote, [first.user, second.user], themes))
    ballot = Ballot.objects.get()
    if secrecy == "named":
        assert ballot.ranking in ([themes[0].pk], [themes[1].pk])
        assert BallotEvent.objects.filter(action="cast").count() == 1
        assert BallotEvent.objects.filter(action="changed").count() == 1
        # The ballot holds the choice of the one who wrote last.
        titles = {proposal.pk: proposal.title for proposal in themes}
        assert BallotEvent.objects.order_by("-pk").first().choice == titles[ballot.ranking[0]]
    else:
        # One cast; the other focal point is told the secret ballot is cast already.
        assert sum(isinstance(outcome, voting.BallotLocked) for outcome in outcomes) == 1
        # One choice held for the worker (not consuming in this test), none for the loser.
        assert HeldSecretChoice.objects.count() == 1
        assert not SecretChoice.objects.exists()
        assert BallotEvent.objects.count() == 1


def test_sixty_member_states_voting_at_once_are_all_counted(themes):
    voting_round = VotingRoundFactory(proposals=themes)
    focal_points = [
        FocalPointFactory(
            member_state=Organization.objects.create(
                name=f"Member State {n}",
                kind="government",
                country=code,
                iom_status="member_state",
            )
        )
        for n, code in enumerate(COUNTRIES[:SIXTY])
    ]
    barrier = threading.Barrier(SIXTY)

    @_in_thread
    def vote(index):
        focal_point = focal_points[index]
        barrier.wait()  # all sixty start together, each on its own connection
        voting.cast_ballot(
            voting_round,
            member_state=focal_point.member_state,
            ranking=[themes[index % 3 == 0].pk],
            actor=focal_point.user,
        )

    with ThreadPoolExecutor(max_workers=SIXTY) as pool:
        list(pool.map(vote, range(SIXTY)))
    VotingRound.objects.filter(pk=voting_round.pk).update(closes_at=timezone.now())
    voting_round.refresh_from_db()
    result = voting.result_of(voting_round)
    assert result.ballots == 60
    assert result.first_round.votes == {themes[0].pk: 40, themes[1].pk: 20}
    assert Ballot.objects.count() == 60


COUNTRIES = [
    "AF", "AL", "DZ", "AO", "AR", "AM", "AU", "AT", "AZ", "BD", "BY", "BE", "BZ", "BJ", "BO",
    "BA", "BW", "BR", "BG", "BF", "BI", "KH", "CM", "CA", "CV", "CF", "TD", "CL", "CN", "CO",
    "CG", "CR", "CI", "HR", "CY", "CZ", "DK", "DJ", "DO", "EC", "EG", "SV", "EE", "ET", "FI",
    "FR", "GA", "GM", "GE", "DE", "GH", "GR", "GT", "GN", "GW", "HT", "HN", "HU", "IN", "IE",
]  # fmt: skip

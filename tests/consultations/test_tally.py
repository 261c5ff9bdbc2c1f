"""The count: hand-counted ballots for single choice and instant run-off, ties and quorum,
and properties that hold for any ballots (hypothesis)."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from consultations.tally import count_instant_runoff, count_single_choice

A, B, C = "South-South Migration", "Migration and Social Change", "Migration and Health"


def test_single_choice_equals_the_hand_count():
    ballots = [[A]] * 5 + [[B]] * 3 + [[C]] + [[]]
    result = count_single_choice(ballots, candidates=[A, B, C], eligible=20, quorum_percent=50)
    assert result.first_round.votes == {A: 5, B: 3, C: 1}
    assert (result.ballots, result.abstentions) == (10, 1)
    assert result.share(A) == Fraction(5, 9)
    assert result.winner == A
    assert not result.is_tie
    assert result.participation == Fraction(1, 2)
    assert result.quorum_met


def test_single_choice_tie_is_reported_as_a_tie():
    result = count_single_choice(
        [[A], [B], [B], [A], [C]], candidates=[A, B, C], eligible=5, quorum_percent=50
    )
    assert result.winner is None
    assert result.is_tie
    assert set(result.tied) == {A, B}


def test_quorum_failure_is_reported():
    result = count_single_choice([[A]] * 4, candidates=[A, B], eligible=10, quorum_percent=50)
    assert result.winner == A
    assert result.participation == Fraction(2, 5)
    assert not result.quorum_met


def test_quorum_met_exactly_at_the_share():
    result = count_single_choice([[A], []], candidates=[A, B], eligible=4, quorum_percent=50)
    assert result.quorum_met


def test_instant_runoff_changes_the_leader_as_counted_by_hand():
    # First preferences: A 4, B 3, C 2: no majority (9 votes). C is eliminated; its two
    # ballots go to B: B 5, A 4. B wins, although A led the first round.
    ballots = [[A, C]] * 4 + [[B, C]] * 3 + [[C, B]] * 2 + [[]]
    result = count_instant_runoff(ballots, candidates=[A, B, C], eligible=20, quorum_percent=50)
    first, second = result.rounds
    assert first.votes == {A: 4, B: 3, C: 2}
    assert first.eliminated == (C,)
    assert second.votes == {A: 4, B: 5}
    assert second.exhausted == 0
    assert result.winner == B
    assert result.share(B, second) == Fraction(5, 9)
    assert result.abstentions == 1
    assert result.quorum_met


def test_instant_runoff_eliminates_candidates_tied_for_last_together():
    ballots = [[A]] * 4 + [[B, A]] * 2 + [[C, A], [C, B]]
    result = count_instant_runoff(ballots, candidates=[A, B, C], eligible=8, quorum_percent=0)
    assert result.rounds[0].votes == {A: 4, B: 2, C: 2}
    assert result.rounds[0].eliminated == (B, C)
    assert result.rounds[1].votes == {A: 7}
    assert result.rounds[1].exhausted == 1
    assert result.winner == A


def test_instant_runoff_final_tie_is_reported():
    ballots = [[A, B], [A], [B, A], [B], [C, A], [C, B]]
    result = count_instant_runoff(ballots, candidates=[A, B, C], eligible=6, quorum_percent=50)
    # C is last with 2 (A 2, B 2 too): all three tie for last, so the count stops there.
    assert result.rounds[-1].votes == {A: 2, B: 2, C: 2}
    assert result.winner is None
    assert set(result.tied) == {A, B, C}


def test_instant_runoff_with_a_majority_at_once_has_one_round():
    result = count_instant_runoff(
        [[A, B], [A], [B]], candidates=[A, B], eligible=3, quorum_percent=50
    )
    assert len(result.rounds) == 1
    assert result.winner == A


def test_no_votes_no_winner():
    for count in (count_single_choice, count_instant_runoff):
        result = count([[], []], candidates=[A, B], eligible=2, quorum_percent=50)
        assert result.winner is None
        assert not result.is_tie
        assert result.quorum_met


@pytest.mark.parametrize("ballot", [[A, A], ["Unknown theme"]])
def test_a_bad_ballot_is_refused(ballot):
    with pytest.raises(ValueError, match="ballot"):
        count_instant_runoff([ballot], candidates=[A, B], eligible=1, quorum_percent=0)


CANDIDATES = ["a", "b", "c", "d"]
rankings = st.permutations(CANDIDATES).flatmap(
    lambda order: st.integers(min_value=0, max_value=len(order)).map(lambda n: list(order[:n]))
)
ballot_lists = st.lists(rankings, max_size=40)


@given(ballot_lists)
def test_single_choice_counts_every_first_preference(ballots):
    result = count_single_choice(
        ballots, candidates=CANDIDATES, eligible=len(ballots) or 1, quorum_percent=50
    )
    votes = result.first_round.votes
    assert sum(votes.values()) == len(ballots) - result.abstentions
    if result.winner is not None:
        assert all(votes[result.winner] > votes[c] for c in CANDIDATES if c != result.winner)
    if result.is_tie:
        best = max(votes.values())
        assert set(result.tied) == {c for c in CANDIDATES if votes[c] == best}


@given(ballot_lists)
def test_instant_runoff_accounts_for_every_ballot_in_every_round(ballots):
    result = count_instant_runoff(
        ballots, candidates=CANDIDATES, eligible=len(ballots) or 1, quorum_percent=50
    )
    voting = len(ballots) - result.abstentions
    for count_round in result.rounds:
        assert count_round.total + count_round.exhausted == voting
    if result.winner is not None:
        final = result.final_round
        assert final.votes[result.winner] * 2 > final.total
    assert not (result.winner is not None and result.is_tie)


@given(ballot_lists)
def test_instant_runoff_elects_a_first_round_majority(ballots):
    result = count_instant_runoff(ballots, candidates=CANDIDATES, eligible=1, quorum_percent=0)
    first = result.first_round
    majority = [c for c in CANDIDATES if first.votes.get(c, 0) * 2 > first.total]
    if majority:
        assert result.winner == majority[0]
        assert len(result.rounds) == 1


@given(ballot_lists, st.randoms(use_true_random=False))
def test_the_order_of_the_ballots_does_not_matter(ballots, random):
    shuffled = list(ballots)
    random.shuffle(shuffled)
    for count in (count_single_choice, count_instant_runoff):
        one = count(ballots, candidates=CANDIDATES, eligible=50, quorum_percent=50)
        other = count(shuffled, candidates=CANDIDATES, eligible=50, quorum_percent=50)
        assert (one.winner, one.tied, one.rounds) == (other.winner, other.tied, other.rounds)


@given(st.lists(st.sampled_from([["a"], ["b"], []]), max_size=30))
def test_with_two_candidates_run_off_and_single_choice_agree(ballots):
    single = count_single_choice(ballots, candidates=["a", "b"], eligible=30, quorum_percent=0)
    runoff = count_instant_runoff(ballots, candidates=["a", "b"], eligible=30, quorum_percent=0)
    assert single.winner == runoff.winner
    assert set(single.tied) == set(runoff.tied)


@given(
    st.integers(min_value=0, max_value=200),
    st.integers(min_value=1, max_value=200),
    st.integers(min_value=0, max_value=100),
)
def test_quorum_is_met_exactly_when_the_share_reaches_it(taking_part, eligible, quorum):
    taking_part = min(taking_part, eligible)
    result = count_single_choice(
        [[]] * taking_part, candidates=["a"], eligible=eligible, quorum_percent=quorum
    )
    assert result.quorum_met == (taking_part * 100 >= quorum * eligible)

"""Counting ballots: pure functions, no database.

A ballot is a ranking: a sequence of candidate keys, most preferred first; an empty ranking
is an abstention. Single choice counts the first preference of each ballot; ranked choice is
counted by instant run-off: in each round every ballot counts for its most preferred
candidate still in the count; a candidate with more than half of those votes wins; otherwise
the candidate with the fewest votes is eliminated. When several candidates share the fewest
votes they are eliminated together, unless that would eliminate every candidate left: then
the count ends in a tie, for the Secretariat to decide.

Quorum: the share of eligible member states that took part (abstentions included) must reach
``quorum_percent``.
"""

from dataclasses import dataclass, field
from fractions import Fraction


@dataclass(frozen=True)
class CountRound:
    """One round of the count: votes per candidate still in the count, and who left."""

    votes: dict
    exhausted: int = 0
    eliminated: tuple = ()

    @property
    def total(self):
        return sum(self.votes.values())


@dataclass(frozen=True)
class Result:
    candidates: tuple
    ballots: int
    abstentions: int
    eligible: int
    quorum_percent: int
    rounds: tuple = field(default_factory=tuple)
    winner: object = None
    tied: tuple = ()

    @property
    def participation(self):
        """Share of eligible member states that took part, as a Fraction (0 when none)."""
        return Fraction(self.ballots, self.eligible) if self.eligible else Fraction(0)

    @property
    def quorum_met(self):
        return self.eligible > 0 and self.participation * 100 >= self.quorum_percent

    @property
    def is_tie(self):
        return len(self.tied) > 1

    @property
    def first_round(self):
        return self.rounds[0] if self.rounds else CountRound(votes={})

    @property
    def final_round(self):
        return self.rounds[-1] if self.rounds else CountRound(votes={})

    def share(self, candidate, count_round=None):
        """Share of the valid votes of a round (the first by default), as a Fraction."""
        count_round = count_round or self.first_round
        total = count_round.total
        return Fraction(count_round.votes.get(candidate, 0), total) if total else Fraction(0)


def _leaders(votes):
    if not votes:
        return ()
    best = max(votes.values())
    if best == 0:
        return tuple(votes)
    return tuple(candidate for candidate, count in votes.items() if count == best)


def _validate(ballots, candidates):
    known = set(candidates)
    for ranking in ballots:
        if len(set(ranking)) != len(ranking):
            raise ValueError(f"A ballot ranks a candidate twice: {ranking!r}")
        unknown = set(ranking) - known
        if unknown:
            raise ValueError(f"A ballot names unknown candidates: {sorted(unknown, key=str)!r}")


def count_single_choice(ballots, *, candidates, eligible, quorum_percent):
    """Count each ballot's first preference; the most votes win, an equal first place is a
    tie."""
    candidates = tuple(candidates)
    ballots = [tuple(ranking) for ranking in ballots]
    _validate(ballots, candidates)
    votes = dict.fromkeys(candidates, 0)
    abstentions = 0
    for ranking in ballots:
        if ranking:
            votes[ranking[0]] += 1
        else:
            abstentions += 1
    leaders = _leaders(votes) if any(votes.values()) else ()
    return Result(
        candidates=candidates,
        ballots=len(ballots),
        abstentions=abstentions,
        eligible=eligible,
        quorum_percent=quorum_percent,
        rounds=(CountRound(votes=votes),),
        winner=leaders[0] if len(leaders) == 1 else None,
        tied=leaders if len(leaders) > 1 else (),
    )


def count_instant_runoff(ballots, *, candidates, eligible, quorum_percent):
    """Count ranked ballots by instant run-off (see the module's docstring)."""
    candidates = tuple(candidates)
    ballots = [tuple(ranking) for ranking in ballots]
    _validate(ballots, candidates)
    voting = [ranking for ranking in ballots if ranking]
    abstentions = len(ballots) - len(voting)
    continuing = list(candidates)
    rounds = []
    winner, tied = None, ()
    while continuing and voting:
        votes = dict.fromkeys(continuing, 0)
        exhausted = 0
        for ranking in voting:
            preferred = next((c for c in ranking if c in votes), None)
            if preferred is None:
                exhausted += 1
            else:
                votes[preferred] += 1
        total = sum(votes.values())
        leaders = _leaders(votes)
        if total and votes[leaders[0]] * 2 > total:
            rounds.append(CountRound(votes=votes, exhausted=exhausted))
            winner = leaders[0]
            break
        fewest = min(votes.values())
        last = tuple(c for c in continuing if votes[c] == fewest)
        if len(last) == len(continuing):
            rounds.append(CountRound(votes=votes, exhausted=exhausted))
            tied = tuple(continuing) if total else ()
            if len(tied) == 1:
                winner, tied = tied[0], ()
            break
        rounds.append(CountRound(votes=votes, exhausted=exhausted, eliminated=last))
        continuing = [c for c in continuing if c not in last]
    return Result(
        candidates=candidates,
        ballots=len(ballots),
        abstentions=abstentions,
        eligible=eligible,
        quorum_percent=quorum_percent,
        rounds=tuple(rounds),
        winner=winner,
        tied=tied,
    )

"""Voting rounds: schedule a round, cast or change a ballot (a focal point) or record it from
a note verbale (the Secretariat), count it after the close, adopt the winning theme, and
remind the member states that have not voted.

One ballot per member state and round is a database constraint; two focal points of the
same state who vote at the same instant meet at that constraint: the second waits for the
first, then changes the ballot (named round) or is told it is cast (secret round).

In a secret round the ``Ballot`` row and its audit row keep only that the state took part;
the choice is written after they commit, in a transaction of its own, and moved to the
ballot box by the worker (see ``consultations.services.ballot_box``).

One module per step: ``rounds``, ``ballots``, ``results``, ``reminders``; every public name is
re-exported here, so that callers keep ``from consultations.services import voting``.
"""

from .ballots import cast_ballot, check_ranking, record_ballot
from .reminders import remind_absent_member_states, rounds_due_for_reminders, send_vote_reminders
from .results import adopt_theme, fix_eligible_counts, rankings, result_of
from .rounds import (
    ANNOUNCED_FIELDS,
    GENEVA,
    NOTE_VERBALE_MAX_LENGTH,
    BallotLocked,
    ResultSealed,
    UnknownProposal,
    VotingClosed,
    candidates,
    reschedule_round,
    schedule_round,
    window_error,
)

__all__ = [
    "ANNOUNCED_FIELDS",
    "GENEVA",
    "NOTE_VERBALE_MAX_LENGTH",
    "BallotLocked",
    "ResultSealed",
    "UnknownProposal",
    "VotingClosed",
    "adopt_theme",
    "candidates",
    "cast_ballot",
    "check_ranking",
    "fix_eligible_counts",
    "rankings",
    "record_ballot",
    "remind_absent_member_states",
    "reschedule_round",
    "result_of",
    "rounds_due_for_reminders",
    "schedule_round",
    "send_vote_reminders",
    "window_error",
]

"""The ballot box of secret rounds: a choice that nobody can link to its member state, even
with the database in hand.

Casting a secret ballot takes two transactions that share nothing:

1. the participation (``Ballot``: the member state voted, when, by whom) and its audit row
   (``BallotEvent``: "ballot cast", no choice), in the voting service;
2. after that one has committed, the choice alone (``HeldSecretChoice``: random key, round,
   ranking), here in ``hold_choice``.

The worker then moves held choices to the box (``SecretChoice``) with ``move_to_box``: in
one transaction it deletes the round's box and held rows and inserts them all again, with
new random keys, in a random order. After a move, every row of the box carries the same
``xmin`` (the move's transaction), their physical order (``ctid``, and so a ``pg_dump``) is
a random permutation, their keys are random UUIDs (no sequence) and they hold no time. At
the close every held choice is moved before the count.

What remains (see the README's threat model): someone who reads the live database, its WAL
or its replication stream while a ballot is cast sees the held row arrive right after the
participation row; someone who compares two copies of the box learns the choices cast in
between, together.
"""

import logging
import secrets
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from consultations.models import Ballot, HeldSecretChoice, SecretChoice, VotingRound
from idm_portal.core.queue import enqueue

logger = logging.getLogger(__name__)


def hold_choice(round_id, ranking):
    """Write a secret choice to the holding table, in a transaction of its own (called on
    the commit of the participation, never inside it), and ask the worker to move it to the
    box. Returns the held row."""
    with transaction.atomic():
        held = HeldSecretChoice.objects.create(round_id=round_id, ranking=list(ranking))
        transaction.on_commit(partial(enqueue_move, round_id))
    return held


def enqueue_move(round_id):
    """Ask the worker to move the round's held choices to the box. Never raises: with the
    broker down, Celery beat's ``move_due_secret_choices`` moves them later."""
    return enqueue("consultations.move_secret_choices", args=[round_id])


def move_to_box(voting_round, *, now=None, force=False):
    """Move the round's held choices to its ballot box when at least
    SECRET_BALLOT_BATCH are held, when the round has closed, or when ``force``: the box's
    rows are deleted and written again with the held ones, new random keys, in a random
    order, in one transaction. Returns the number of choices moved (0: nothing to do)."""
    with transaction.atomic():
        # One move at a time per round: the round's row is the lock.
        voting_round = VotingRound.objects.select_for_update().get(pk=voting_round.pk)
        held = list(
            HeldSecretChoice.objects.select_for_update().filter(round=voting_round).only("ranking")
        )
        closed = voting_round.is_closed(now or timezone.now())
        if not held or not (force or closed or len(held) >= settings.SECRET_BALLOT_BATCH):
            return 0
        rankings = [choice.ranking for choice in held]
        rankings += SecretChoice.objects.filter(round=voting_round).values_list(
            "ranking", flat=True
        )
        secrets.SystemRandom().shuffle(rankings)
        SecretChoice.objects.filter(round=voting_round).delete()
        HeldSecretChoice.objects.filter(pk__in=[choice.pk for choice in held]).delete()
        SecretChoice.objects.bulk_create(
            [SecretChoice(round=voting_round, ranking=ranking) for ranking in rankings]
        )
        if closed:
            _check_count(voting_round, len(rankings))
    return len(held)


def _check_count(voting_round, choices):
    participations = Ballot.objects.filter(round=voting_round).count()
    if participations != choices:
        # A process that died between the two transactions of a cast (participation kept,
        # choice lost): rare, never silent.
        logger.error(
            "Secret round %s closed with %d participations but %d choices in the box.",
            voting_round.pk,
            participations,
            choices,
        )


def move_due_choices(*, now=None):
    """Celery beat: move the held choices of every round that has SECRET_BALLOT_BATCH of
    them or has closed (a cast whose task was lost, a broker that was down). Returns the
    number of choices moved."""
    now = now or timezone.now()
    due = (
        VotingRound.objects.annotate(held=Count("held_choices"))
        .filter(held__gt=0)
        .values_list("pk", flat=True)
    )
    moved = 0
    for voting_round in VotingRound.objects.filter(pk__in=list(due)):
        moved += move_to_box(voting_round, now=now)
    return moved

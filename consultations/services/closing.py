"""Closing a voting round: the Secretariat closes an open round now; and the close of every
round whose time has come (Celery beat, every minute) is recorded: the number of eligible
member states fixed and the other systems told (the "round.closed" webhook), once."""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations.models import VotingRound
from idm_portal.core import queries as core_queries
from idm_portal.core import roles
from idm_portal.core.services import webhooks

logger = logging.getLogger(__name__)


def close_round_now(voting_round, *, actor, now=None):
    """Closes an open round at once: its closing time becomes now, so no ballot is taken
    after it and its result is unsealed. Logged with who closed it and the time it was set
    to close. Refused for a round that is not open. Returns the round."""
    if not roles.can_run_consultations(actor):
        raise PermissionDenied
    now = now or timezone.now()
    with transaction.atomic():
        voting_round = VotingRound.objects.select_for_update().get(pk=voting_round.pk)
        if voting_round.is_closed(now):
            raise ValidationError(_("This round is already closed."))
        if not voting_round.is_open(now):
            raise ValidationError(_("This round has not opened yet: change its dates instead."))
        planned = voting_round.closes_at
        voting_round.closes_at = now
        voting_round.save(update_fields=["closes_at"])
        record_closes(now=now)
        voting_round.refresh_from_db(fields=["eligible_count"])
    logger.info(
        "Voting round %s closed now by user %s (it was set to close at %s)",
        voting_round.pk,
        actor.pk,
        planned.isoformat(),
    )
    return voting_round


def record_closes(*, now=None):
    """Record the close of every round that has closed and whose close is not recorded yet
    (its number of eligible member states is still open): the number is fixed as the
    membership stands now, and a "round.closed" webhook delivery is queued, in the same
    transaction. Under the rounds' row locks, so that a round is recorded once, whoever
    gets there first (the beat, "close now", the adoption of a theme). Returns how many
    rounds were recorded."""
    now = now or timezone.now()
    with transaction.atomic():
        due = list(
            VotingRound.objects.select_for_update()
            .filter(closes_at__lte=now, eligible_count__isnull=True)
            .order_by("closes_at", "pk")
        )
        if not due:
            return 0
        count = core_queries.member_states().count()
        VotingRound.objects.filter(pk__in=[voting_round.pk for voting_round in due]).update(
            eligible_count=count
        )
        webhooks.emit_many(
            "round.closed",
            (
                (
                    f"voting_round:{voting_round.pk}",
                    {
                        "id": voting_round.pk,
                        "target_year": voting_round.target_year,
                        "closed_at": voting_round.closes_at,
                    },
                )
                for voting_round in due
            ),
        )
    return len(due)

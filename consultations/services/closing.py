"""Closing a voting round before its set time: the Secretariat closes an open round now."""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations.models import VotingRound
from idm_portal.core import roles

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
    logger.info(
        "Voting round %s closed now by user %s (it was set to close at %s)",
        voting_round.pk,
        actor.pk,
        planned.isoformat(),
    )
    return voting_round

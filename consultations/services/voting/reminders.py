"""Reminders to vote: the scheduled reminders before a round closes and the
Secretariat's reminder from the turnout page, once per member state and round."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from consultations.models import Ballot, VoteReminder, VotingRound
from idm_portal.core import queries as core_queries
from idm_portal.core import roles
from idm_portal.core.links import absolute_url
from idm_portal.core.services.outbox import queue_mail


def rounds_due_for_reminders(now):
    window = dt.timedelta(days=settings.VOTE_REMINDER_DAYS)
    return VotingRound.objects.filter(
        opens_at__lte=now, closes_at__gt=now, closes_at__lte=now + window
    )


def send_vote_reminders(*, now=None):
    """Remind the focal points of every member state that has not voted in a round closing
    within VOTE_REMINDER_DAYS; a member state is reminded once per round (a unique row).
    Returns the number of e-mails queued."""
    now = now or timezone.now()
    queued = 0
    for voting_round in rounds_due_for_reminders(now):
        voted = Ballot.objects.filter(round=voting_round).values("member_state")
        reminded = VoteReminder.objects.filter(round=voting_round).values("member_state")
        states = (
            core_queries.member_states()
            .exclude(pk__in=voted)
            .exclude(pk__in=reminded)
            .prefetch_related("focal_points__user")
        )
        for state in states:
            queued += _remind(voting_round, state, now)
    return queued


def _remind(voting_round, member_state, now):
    with transaction.atomic():
        try:
            with transaction.atomic():
                VoteReminder.objects.create(
                    round=voting_round, member_state=member_state, sent_at=now
                )
        except IntegrityError:
            return 0  # another run reminded it
        count = 0
        for focal_point in member_state.focal_points.all():
            user = focal_point.user
            if not user.is_active:
                continue
            with translation.override(user.preferred_language):
                url = absolute_url(reverse("consultations:ballot", args=[voting_round.pk]))
            queue_mail(
                to=user.email,
                template="consultations/email/vote_reminder",
                language=user.preferred_language,
                context={
                    "round": voting_round,
                    "member_state": member_state,
                    "person": user,
                    "closes": voting_round.closes_at,
                    "url": url,
                },
            )
            count += 1
    return count


def remind_absent_member_states(voting_round, *, actor, now=None):
    """The Secretariat's reminder, from the turnout page, to the focal points of every
    member state that has not voted in an open round: once per member state and round (the
    same unique VoteReminder row as the scheduled reminders). Returns the e-mails queued."""
    if not roles.can_run_consultations(actor):
        raise PermissionDenied
    now = now or timezone.now()
    if not (voting_round.opens_at <= now < voting_round.closes_at):
        raise ValidationError(_("Reminders go out only while a round is open."), code="closed")
    voted = Ballot.objects.filter(round=voting_round).values("member_state")
    reminded = VoteReminder.objects.filter(round=voting_round).values("member_state")
    states = (
        core_queries.member_states()
        .exclude(pk__in=voted)
        .exclude(pk__in=reminded)
        .prefetch_related("focal_points__user")
    )
    return sum(_remind(voting_round, state, now) for state in states)

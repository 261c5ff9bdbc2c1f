"""Reminders to invitees who have not answered, before registration closes."""

from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from idm_portal.core.links import absolute_url
from idm_portal.core.models import OutgoingMail
from idm_portal.core.services import outbox
from workshops.models import Invitation, Workshop
from workshops.services import invitation_messages as messages

from .sending import BATCH_SIZE, invitation_message_id

# An invitation that went out less than this long ago gets no reminder: a reminder the next
# hour would be noise, however close registration is to closing.
REMINDER_NOT_BEFORE = timedelta(days=1)


def reminders_due(now=None):
    """Invitations to remind: sent at least REMINDER_NOT_BEFORE ago, not answered, never
    reminded, of workshops whose registration closes within INVITATION_REMINDER_DAYS (and
    has not closed)."""
    now = now or timezone.now()
    horizon = now + timedelta(days=settings.INVITATION_REMINDER_DAYS)
    return Invitation.objects.filter(
        answer="",
        reminded_at__isnull=True,
        mail__status=OutgoingMail.Status.SENT,
        mail__sent_at__lte=now - REMINDER_NOT_BEFORE,
        workshop__registration_closes__gt=now,
        workshop__registration_closes__lte=horizon,
    ).exclude(workshop__status=Workshop.Status.CANCELLED)


def send_invitation_reminders(*, now=None, batch_size=BATCH_SIZE):
    """Queue one reminder to each invitee due one (the beat's task). ``reminded_at`` is set
    in the transaction that queues the reminder, on rows locked with ``skip_locked``: two
    beats at once, or a second run, remind no one twice. Returns how many were queued."""
    now = now or timezone.now()
    queued = 0
    while True:
        with transaction.atomic():
            batch = list(
                reminders_due(now)
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("workshop__idm_year")
                .order_by("workshop_id", "pk")[:batch_size]
            )
            if not batch:
                return queued
            for invitation in batch:
                invitation.reminder_mail = _queue_reminder(invitation)
                invitation.reminded_at = now
            Invitation.objects.bulk_update(batch, ["reminder_mail", "reminded_at"])
            mail_ids = [invitation.reminder_mail.pk for invitation in batch]
            transaction.on_commit(partial(outbox.enqueue_batch, mail_ids))
        queued += len(batch)


def _queue_reminder(invitation):
    workshop = invitation.workshop
    shared = messages.workshop_values(workshop, invitation.language)
    with translation.override(invitation.language):
        workshop_url = absolute_url(workshop.get_absolute_url())
    return outbox.queue_mail(
        to=invitation.email,
        template="workshops/email/invitation_reminder",
        language=invitation.language,
        context={
            "invitation": invitation,
            "workshop": workshop,
            "name": messages.invitee_values(invitation, shared)["name"],
            "deadline": shared["deadline"],
            "dates": shared["dates"],
            "venue": shared["venue"],
            "answer_url": messages.answer_link(invitation),
            "workshop_url": workshop_url,
        },
        message_id=invitation_message_id(invitation, "reminder"),
        enqueue=False,
    )

"""Invitations to a workshop: invite (one address, many, the focal points of organizations),
send now or at a chosen time, render each invitation into the e-mail outbox in the worker,
resend the failed ones, take the invitee's answer, remind those who have not answered.

Delivery is the outbox's (``idm_portal.core.services.outbox``): one OutgoingMail per
invitation, with a Message-ID derived from the invitation, claimed by the worker under a row
lock, retried with back-off. The request that sends 5,000 invitations only marks them due
(one UPDATE) and enqueues one task on commit; the worker renders them in batches, each batch
in one transaction that locks its rows (``skip_locked``) and links every invitation to its
mail, so that a killed worker leaves nothing half done and a second run skips what is done.
Each rendered batch goes to the broker as one delivery task per MAIL_BATCH_SIZE mails, sent
over one SMTP connection (``outbox.deliver_mails``).
"""

import logging
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from itertools import groupby

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from idm_portal.core import roles
from idm_portal.core.links import absolute_url
from idm_portal.core.models import FocalPoint, Organization, OutgoingMail
from idm_portal.core.queue import enqueue_on_commit
from idm_portal.core.services import outbox, webhooks
from workshops.models import Invitation, InvitationMessage, Workshop
from workshops.services import invitation_messages as messages
from workshops.services.registration_mail import calendar_file

logger = logging.getLogger(__name__)

BATCH_SIZE = 100
DECLINE_REASON_MAX = 2000
LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)


class AlreadyAnswered(Exception):
    """The invitation was answered before: a link answers once."""


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str = ""
    organization: Organization | None = None
    organization_name: str = ""
    language: str = "en"


def require_secretariat(actor, workshop=None):
    if not roles.can_manage_invitations(actor, workshop):
        raise PermissionDenied


def invitation_message_id(invitation, kind="invitation"):
    """The same Message-ID whenever this invitation (or its reminder) is rendered or sent
    again: a receiving system recognises a copy."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(" >") or "idm.localhost"
    return f"<idm-{kind}.{invitation.workshop_id}.{invitation.pk}@{domain}>"


def invite(workshop, *, actor, recipients):
    """Add recipients to a workshop's invitations, in one statement: an address already
    invited to this workshop (in any case) is updated (name, organization, language), never
    duplicated; its token, answer and e-mail stay. Nothing is sent. Returns (added,
    updated)."""
    require_secretariat(actor, workshop)
    by_email = {}
    for recipient in recipients:
        by_email[recipient.email.strip().lower()] = recipient  # the last of a repeat wins
    if not by_email:
        return 0, 0
    rows = [
        Invitation(
            workshop=workshop,
            email=email,
            name=recipient.name.strip()[:200],
            organization=recipient.organization,
            organization_name=(
                recipient.organization.name
                if recipient.organization is not None
                else recipient.organization_name.strip()[:255]
            ),
            language=recipient.language if recipient.language in LANGUAGE_CODES else "en",
            invited_by=actor,
        )
        for email, recipient in by_email.items()
    ]
    with transaction.atomic():
        existing = set(
            Invitation.objects.filter(workshop=workshop, email__in=by_email).values_list(
                "email", flat=True
            )
        )
        Invitation.objects.bulk_create(
            rows,
            batch_size=1000,
            update_conflicts=True,
            unique_fields=["workshop", "email"],
            update_fields=["name", "organization", "organization_name", "language", "updated_at"],
        )
    return len(rows) - len(existing), len(existing)


def focal_point_recipients(*, member_states=False, observer_states=False, organizations=()):
    """The focal points of all member states, of all observer states and of the chosen
    organizations, each once, in their own language."""
    condition = Q(pk__in=[organization.pk for organization in organizations])
    if member_states:
        condition |= Q(kind=Organization.Kind.GOVERNMENT, iom_status="member_state")
    if observer_states:
        condition |= Q(kind=Organization.Kind.GOVERNMENT, iom_status="observer_state")
    links = (
        FocalPoint.objects.filter(member_state__in=Organization.objects.filter(condition))
        .select_related("user", "member_state")
        .filter(user__is_active=True)
        .order_by("member_state__name", "user__email")
    )
    return [
        Recipient(
            email=link.user.email,
            name=link.user.name,
            organization=link.member_state,
            language=link.user.preferred_language,
        )
        for link in links
    ]


def _unsent(workshop):
    return Invitation.objects.filter(workshop=workshop, mail__isnull=True, answer="")


def send_invitations(workshop, *, actor, send_at=None):
    """Schedule every invitation of the workshop that has not been sent (nor answered): now,
    or at ``send_at``. One UPDATE; on commit one task renders those due into the outbox
    (those due later are the beat's). Returns how many were scheduled."""
    require_secretariat(actor, workshop)
    now = timezone.now()
    when = send_at if send_at is not None and send_at > now else now
    with transaction.atomic():
        count = _unsent(workshop).update(send_at=when, updated_at=now)
        if count and when <= now:
            # With the broker down, the invitations stay due and the beat renders them.
            enqueue_on_commit("workshops.send_due_invitations", kwargs={"workshop_id": workshop.pk})
    return count


def _due(now, workshop_id=None):
    due = Invitation.objects.filter(mail__isnull=True, answer="", render_error="", send_at__lte=now)
    if workshop_id is not None:
        due = due.filter(workshop_id=workshop_id)
    return due


def send_due_invitations(*, workshop_id=None, now=None, batch_size=BATCH_SIZE):
    """Render every invitation whose time has come into the outbox (the worker's task and
    the beat's), batch by batch. Each batch is one transaction: its rows are locked (rows
    another worker holds are skipped), each gets its mail, and the mails go to the broker on
    commit. An invitation that has its mail is never rendered again; one that fails to render
    keeps the error (``render_error``: failed, until the Secretariat resends it) and the rest
    of its batch goes on. Returns how many were handled."""
    now = now or timezone.now()
    rendered = 0
    while True:
        with transaction.atomic():
            batch = list(
                _due(now, workshop_id)
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("workshop__idm_year")
                .order_by("workshop_id", "pk")[:batch_size]
            )
            if not batch:
                return rendered
            queued = []
            for _workshop_id, invitations in groupby(batch, key=lambda item: item.workshop_id):
                queued += _render_batch(list(invitations))
            Invitation.objects.bulk_update(batch, ["mail", "render_error"])
            # One delivery task per MAIL_BATCH_SIZE mails, each over one SMTP connection.
            transaction.on_commit(partial(outbox.enqueue_batch, queued))
        rendered += len(batch)


def _render_batch(invitations):
    """Queue the mails of invitations of one workshop (inside the caller's transaction). Each
    invitation renders in a savepoint of its own: one that fails (a template error, a bad
    value) is rolled back alone and keeps its error in ``render_error``. Returns the ids of
    the mails queued (the caller hands them to the broker)."""
    texts, shared, attachments = {}, {}, {}
    ids = {invitation.pk: invitation_message_id(invitation) for invitation in invitations}
    # A mail already in the outbox under this Message-ID (its invitation lost the link) is
    # linked again, not queued twice.
    known = {
        mail.message_id: mail for mail in OutgoingMail.objects.filter(message_id__in=ids.values())
    }
    queued = []
    for invitation in invitations:
        message_id = ids[invitation.pk]
        if message_id in known:
            invitation.mail = known[message_id]
            continue
        try:
            with transaction.atomic():
                invitation.mail = _queue_invitation(invitation, texts, shared, attachments)
            queued.append(invitation.mail.pk)
        except Exception as error:  # whatever breaks one invitation must not stop the others
            invitation.mail = None
            invitation.render_error = f"{type(error).__name__}: {error}"[:2000]
            logger.warning("Invitation %s not rendered: %s", invitation.pk, error)
    return queued


def _queue_invitation(invitation, texts, shared, attachments):
    """Render one invitation into the outbox; the texts, the shared values and the calendar
    file are made once per language of the batch."""
    workshop = invitation.workshop
    language = invitation.language
    if language not in texts:
        # All three or none: a failure here fails each invitation of the language with it.
        made = (
            messages.message_texts(workshop, language),
            messages.workshop_values(workshop, language),
            [(f"{workshop.slug}.ics", calendar_file(workshop, language=language), "text/calendar")],
        )
        texts[language], shared[language], attachments[language] = made
    subject, body = messages.render_invitation_text(
        invitation, texts=texts[language], shared=shared[language]
    )
    return outbox.queue_mail(
        to=invitation.email,
        template="workshops/email/invitation",
        language=language,
        context={
            "subject": subject,
            "body": body,
            "workshop": workshop,
            "answer_url": messages.answer_link(invitation),
        },
        attachments=attachments[language],
        message_id=invitation_message_id(invitation),
        enqueue=False,
    )


def resend_failed(workshop, *, actor, invitation=None):
    """Put the failed invitation e-mails of a workshop (or only ``invitation``'s) back in
    the outbox's queue (same Message-ID, attempts counted afresh). Returns how many."""
    require_secretariat(actor, workshop)
    failed = Invitation.objects.filter(
        workshop=workshop, answer="", mail__status=OutgoingMail.Status.FAILED
    )
    unrendered = Invitation.objects.filter(workshop=workshop, answer="", mail__isnull=True).exclude(
        render_error=""
    )
    if invitation is not None:
        failed = failed.filter(pk=invitation.pk)
        unrendered = unrendered.filter(pk=invitation.pk)
    with transaction.atomic():
        # Those that failed to render are rendered again (the error may be fixed by now).
        rendered_again = unrendered.update(
            render_error="", send_at=timezone.now(), updated_at=timezone.now()
        )
        if rendered_again:
            # With the broker down, the invitations stay due and the beat renders them.
            enqueue_on_commit("workshops.send_due_invitations", kwargs={"workshop_id": workshop.pk})
    ids = list(failed.values_list("mail_id", flat=True))
    if not ids:
        return rendered_again
    return rendered_again + outbox.retry_failed_mails(actor=actor, ids=ids)


def save_message(workshop, *, actor, language, subject, body):
    """Save the workshop's invitation text in one language; refuses unknown placeholders
    and a text without the answer link."""
    require_secretariat(actor, workshop)
    errors = {}
    unknown = messages.unknown_placeholders(subject + "\n" + body)
    if unknown:
        errors["body"] = _("Unknown placeholder: %(names)s. Use only: %(known)s.") % {
            "names": ", ".join(f"{{{name}}}" for name in unknown),
            "known": ", ".join(f"{{{name}}}" for name in messages.PLACEHOLDERS),
        }
    elif "{answer_link}" not in body:
        errors["body"] = _("The message must contain {answer_link}: it is how people answer.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        message, _created = InvitationMessage.objects.update_or_create(
            workshop=workshop,
            language=language,
            defaults={"subject": subject.strip(), "body": body, "updated_by": actor},
        )
    return message


def reset_message(workshop, *, actor, language):
    """Go back to the portal's own text in one language."""
    require_secretariat(actor, workshop)
    with transaction.atomic():
        InvitationMessage.objects.filter(workshop=workshop, language=language).delete()


# --- The invitee's answer ---


def _tell_systems(invitation):
    """A webhook delivery for the answer (in the current transaction)."""
    webhooks.emit(
        "invitation.answered",
        object_key=f"invitation:{invitation.pk}",
        data={
            "id": invitation.pk,
            "workshop": invitation.workshop_id,
            "answer": invitation.answer,
            "registration": invitation.registration_id,
        },
    )


def decline_invitation(invitation, *, reason=""):
    """Record a "no" (the token is the invitee's credential: no account needed). Raises
    AlreadyAnswered when the invitation was answered before."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.answer:
            raise AlreadyAnswered
        invitation.answer = Invitation.Answer.DECLINED
        invitation.answered_at = timezone.now()
        invitation.decline_reason = reason.strip()[:DECLINE_REASON_MAX]
        invitation.save(update_fields=["answer", "answered_at", "decline_reason", "updated_at"])
        _tell_systems(invitation)
    return invitation


def accept_invitation(invitation, *, registration):
    """The invitee registered through their link: the invitation is accepted and linked to
    the registration (in the caller's transaction, with the registration). Only the account
    of the invited address (or the one the Secretariat linked) may accept: PermissionDenied
    for any other. A declined invitation is left as it is and AlreadyAnswered raised."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not roles.can_accept_invitation(registration.person, invitation):
            raise PermissionDenied
        if invitation.answer == Invitation.Answer.DECLINED:
            raise AlreadyAnswered
        if invitation.answer == Invitation.Answer.ACCEPTED:
            return invitation
        invitation.answer = Invitation.Answer.ACCEPTED
        invitation.answered_at = timezone.now()
        invitation.registration = registration
        invitation.save(update_fields=["answer", "answered_at", "registration", "updated_at"])
        _tell_systems(invitation)
    return invitation


def link_account(invitation, *, actor, account):
    """Allow ``account`` (an account of another address than the invited one) to accept the
    invitation, or no other account with None; refused once the invitation is answered.
    Returns the invitation."""
    require_secretariat(actor, invitation.workshop)
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.answer:
            raise ValidationError(_("This invitation is answered already; it cannot change."))
        invitation.account = account
        invitation.save(update_fields=["account", "updated_at"])
    return invitation


# --- Reminders ---


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

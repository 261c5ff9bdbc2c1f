"""Inviting and sending: invite (one address, many, the focal points of organizations),
send now or at a chosen time, render each invitation into the e-mail outbox in the worker,
resend the failed ones, and the Secretariat's text of the invitation."""

import logging
from dataclasses import dataclass
from functools import partial
from itertools import groupby

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from idm_portal.core import roles
from idm_portal.core.models import FocalPoint, Organization, OutgoingMail
from idm_portal.core.queue import enqueue_on_commit
from idm_portal.core.services import outbox
from workshops.models import Invitation, InvitationMessage
from workshops.services import invitation_messages as messages
from workshops.services.registration_mail import calendar_file

logger = logging.getLogger(__package__)  # workshops.services.invitations, as before the split

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
    """Queue the mails of invitations of one workshop (inside the caller's transaction),
    rendered first and inserted together (one INSERT for the batch). An invitation that fails
    to render (a template error, a bad value) keeps its error in ``render_error`` and the
    rest of its batch goes on. Returns the ids of the mails queued (the caller hands them to
    the broker)."""
    texts: dict = {}
    shared: dict = {}
    attachments: dict = {}
    ids = {invitation.pk: invitation_message_id(invitation) for invitation in invitations}
    # A mail already in the outbox under this Message-ID (its invitation lost the link) is
    # linked again, not queued twice.
    known = {
        mail.message_id: mail for mail in OutgoingMail.objects.filter(message_id__in=ids.values())
    }
    rendered = []
    for invitation in invitations:
        message_id = ids[invitation.pk]
        if message_id in known:
            invitation.mail = known[message_id]
            continue
        try:
            rendered.append((invitation, _build_invitation(invitation, texts, shared, attachments)))
        except Exception as error:  # whatever breaks one invitation must not stop the others
            _failed(invitation, error)
    try:
        with transaction.atomic():
            outbox.queue_mails([mail for _invitation, mail in rendered], enqueue=False)
    except Exception as error:  # one row the database refuses: each alone, to find it
        logger.warning("Invitations inserted one by one: %s", error)
        for _invitation, mail in rendered:
            mail.pk = None
            mail._state.adding = True
        for invitation, mail in rendered:
            try:
                with transaction.atomic():
                    outbox.queue_mails([mail], enqueue=False)
            except Exception as error:
                _failed(invitation, error)
                mail.pk = None
    queued = []
    for invitation, mail in rendered:
        if mail.pk is not None:
            invitation.mail = mail
            queued.append(mail.pk)
    return queued


def _failed(invitation, error):
    invitation.mail = None
    invitation.render_error = f"{type(error).__name__}: {error}"[:2000]
    logger.warning("Invitation %s not rendered: %s", invitation.pk, error)


def _build_invitation(invitation, texts, shared, attachments):
    """Render one invitation into an outbox row (not saved yet); the texts, the shared
    values and the calendar file are made once per language of the batch."""
    workshop = invitation.workshop
    language = invitation.language
    if language not in texts:
        # All three or none: a failure here fails each invitation of the language with it.
        # (A savepoint: a failed query must not break the batch's transaction.)
        with transaction.atomic():
            made = (
                messages.message_texts(workshop, language),
                messages.workshop_values(workshop, language),
                [
                    (
                        f"{workshop.slug}.ics",
                        calendar_file(workshop, language=language),
                        "text/calendar",
                    )
                ],
            )
        texts[language], shared[language] = made[0], made[1]
        attachments[language] = outbox.encode_attachments(made[2])
    subject, body = messages.render_invitation_text(
        invitation, texts=texts[language], shared=shared[language]
    )
    mail = outbox.build_mail(
        to=invitation.email,
        template="workshops/email/invitation",
        language=language,
        context={
            "subject": subject,
            "body": body,
            "workshop": workshop,
            "answer_url": messages.answer_link(invitation),
        },
        message_id=invitation_message_id(invitation),
    )
    mail.attachments = attachments[language]  # encoded once per language
    return mail


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

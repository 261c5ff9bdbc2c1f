"""The outbox's queue: render a mail in the recipient's language, withhold its secrets, store
it, hand it to the broker (one task for a single mail, one per batch for many), retry the
failed ones, and sweep what was left behind. See the package's docstring for the flow."""

import base64
import json
import logging
import uuid
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation
from django.utils.html import escape

from idm_portal.core import crypto, roles
from idm_portal.core import queue as task_queue
from idm_portal.core.models import OutgoingMail, User

logger = logging.getLogger(__name__)

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)


def recipient_language(email):
    """The preferred language of the user with this address, else the active language."""
    preferred = (
        User.objects.filter(email__iexact=email)
        .values_list("preferred_language", flat=True)
        .first()
    )
    if preferred:
        return preferred
    active = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    return active if active in LANGUAGE_CODES else settings.LANGUAGE_CODE


def render_text(template_name, context):
    """Render a plain-text template without HTML escaping: a subject or a text part shows
    "l'homme", never "l&#x27;homme"."""
    # The Django engine's wrapper holds the compiled Template (the stubs know only the wrapper).
    template = get_template(template_name).template  # type: ignore[attr-defined]
    return template.render(Context(context, autoescape=False))


def render_mail(template, context, *, language):
    """Render ``<template>_subject.txt``, ``_message.txt`` and (if it exists)
    ``_message.html`` in ``language``; the file names are django-allauth's convention."""
    with translation.override(language):
        subject = render_text(f"{template}_subject.txt", context)
        text = render_text(f"{template}_message.txt", context)
        try:
            html: str = render_to_string(f"{template}_message.html", context)
        except TemplateDoesNotExist:
            html = ""
    return " ".join(subject.split()), text, html


SECRETS_PURPOSE = "outbox-secrets"


def withheld(number):
    return f"[withheld secret {number}]"


def seal_secrets(secrets, *parts):
    """Replace each secret (and its HTML-escaped form) in ``parts`` by "[withheld secret
    N]"; returns the redacted parts and the encrypted {placeholder: secret} map ("" if
    none)."""
    found: dict[str, str] = {}
    # Longest first: a link is withheld whole before the key inside it is looked for.
    for secret in sorted({s for s in secrets if s and len(s) >= 6}, key=len, reverse=True):
        if not any(secret in part or escape(secret) in part for part in parts):
            continue
        placeholder = withheld(len(found) + 1)
        found[placeholder] = secret
        parts = tuple(
            part.replace(secret, placeholder).replace(escape(secret), placeholder) for part in parts
        )
    sealed = crypto.encrypt_text(json.dumps(found), purpose=SECRETS_PURPOSE) if found else ""
    return parts, sealed


def unseal_secrets(mail, *parts):
    """The parts of ``mail`` with its withheld secrets put back (for the message sent)."""
    if not mail.sealed_secrets:
        return parts
    found = json.loads(crypto.decrypt_text(mail.sealed_secrets, purpose=SECRETS_PURPOSE))
    for placeholder, secret in found.items():
        parts = tuple(part.replace(placeholder, secret) for part in parts)
    return parts


def new_message_id():
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(" >") or "idm.localhost"
    return f"<outbox.{uuid.uuid4().hex}@{domain}>"


def build_mail(
    *,
    to,
    template,
    context,
    language=None,
    attachments=(),
    message_id=None,
    from_email=None,
    secrets=(),
):
    """Render an e-mail in the recipient's language, with its secrets withheld, into an
    ``OutgoingMail`` not saved yet (``queue_mail`` saves one, ``queue_mails`` many in one
    INSERT). ``attachments`` are (filename, bytes, MIME type) triples; ``secrets`` are strings
    of the context (links, keys) stored only encrypted and sent only to the recipient."""
    language = language if language in LANGUAGE_CODES else recipient_language(to)
    subject, text, html = render_mail(template, context, language=language)
    (subject, text, html), sealed = seal_secrets(secrets, subject, text, html)
    return OutgoingMail(
        to=to,
        language=language,
        template=template,
        subject=subject[:300],
        body_text=text,
        body_html=html,
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
        message_id=message_id or new_message_id(),
        sealed_secrets=sealed,
        attachments=encode_attachments(attachments),
    )


def encode_attachments(attachments):
    """The attachments as the row keeps them (JSON: filename, MIME type, base64 content)."""
    return [
        {
            "filename": filename,
            "mimetype": mimetype,
            "content": base64.b64encode(content).decode("ascii"),
        }
        for filename, content, mimetype in attachments
    ]


def queue_mail(*, enqueue=True, **fields):
    """Render an e-mail in the recipient's language and put it in the outbox (the arguments
    of ``build_mail``); the worker is told on commit. ``enqueue=False``: the caller hands the
    mail to the broker itself (with ``enqueue_batch``, one task for many mails). Returns the
    queued ``OutgoingMail``."""
    mail = build_mail(**fields)
    with transaction.atomic():
        mail.save(force_insert=True)
        if enqueue:
            transaction.on_commit(partial(enqueue_delivery, mail.pk))
    return mail


def queue_mails(mails, *, enqueue=True):
    """Put many mails made by ``build_mail`` in the outbox in one INSERT; on commit they go to
    the broker as one task per MAIL_BATCH_SIZE (``enqueue=False``: the caller hands them
    over). Returns the saved mails, with their ids."""
    mails = list(mails)
    if not mails:
        return []
    with transaction.atomic():
        OutgoingMail.objects.bulk_create(mails, batch_size=500)
        if enqueue:
            transaction.on_commit(partial(enqueue_batch, [mail.pk for mail in mails]))
    return mails


def enqueue_delivery(mail_id, *, countdown=None):
    """Hand a mail to the broker. Never raises: with the broker down the row stays queued and
    the sweep enqueues it later, so the request that queued it still answers."""
    return task_queue.enqueue("core.deliver_mail", args=[mail_id], countdown=countdown)


def enqueue_batch(mail_ids):
    """Hand many mails to the broker: one task per MAIL_BATCH_SIZE of them, each delivered
    over one SMTP connection. Never raises (as ``enqueue_delivery``). Returns how many tasks
    were queued."""
    mail_ids = list(mail_ids)
    if len(mail_ids) == 1:
        return int(enqueue_delivery(mail_ids[0]))
    size = max(settings.MAIL_BATCH_SIZE, 1)
    queued = 0
    for start in range(0, len(mail_ids), size):
        chunk = mail_ids[start : start + size]
        if not task_queue.enqueue("core.deliver_mails", args=[chunk]):
            return queued  # the rest stay queued for the sweep
        queued += 1
    return queued


def retry_mail(mail, *, actor):
    """Put a failed mail back in the queue (the Secretariat's "retry"); returns it."""
    if not roles.can_manage_outbox(actor):
        raise PermissionDenied
    with transaction.atomic():
        updated = OutgoingMail.objects.filter(pk=mail.pk, status=OutgoingMail.Status.FAILED).update(
            status=OutgoingMail.Status.QUEUED, attempts=0, next_attempt_at=timezone.now()
        )
        if updated:
            transaction.on_commit(partial(enqueue_delivery, mail.pk))
    mail.refresh_from_db()
    return mail


def retry_failed_mails(*, actor, ids=None):
    """Put every failed mail (or the failed ones among ``ids``) back in the queue; returns
    how many."""
    if not roles.can_manage_outbox(actor):
        raise PermissionDenied
    with transaction.atomic():
        failed = OutgoingMail.objects.select_for_update().filter(status=OutgoingMail.Status.FAILED)
        if ids is not None:
            failed = failed.filter(pk__in=ids)
        ids = list(failed.values_list("pk", flat=True))
        OutgoingMail.objects.filter(pk__in=ids).update(
            status=OutgoingMail.Status.QUEUED, attempts=0, next_attempt_at=timezone.now()
        )
        if ids:
            transaction.on_commit(partial(enqueue_batch, ids))
    return len(ids)


def sweep_outbox(*, now=None):
    """Enqueue mails left queued past their time (the broker was down, or a worker lost the
    message) and re-queue mails whose worker died while sending. Returns the ids enqueued."""
    now = now or timezone.now()
    with transaction.atomic():
        # A row locked by a worker is being sent right now, however long ago it was claimed:
        # skipped, never taken back from under the send.
        stuck = OutgoingMail.objects.select_for_update(skip_locked=True).filter(
            status=OutgoingMail.Status.SENDING,
            claimed_at__lt=now - timedelta(seconds=settings.MAIL_SENDING_TIMEOUT),
        )
        OutgoingMail.objects.filter(pk__in=list(stuck.values_list("pk", flat=True))).update(
            status=OutgoingMail.Status.QUEUED,
            last_error="The worker stopped while sending; queued again by the sweep.",
        )
        ids = list(
            OutgoingMail.objects.filter(
                status=OutgoingMail.Status.QUEUED,
                next_attempt_at__lte=now - timedelta(seconds=settings.MAIL_SWEEP_AFTER),
            )
            .order_by("pk")
            .values_list("pk", flat=True)[:1000]
        )
        if ids:
            transaction.on_commit(partial(enqueue_batch, ids))
    return ids


def send_test_mail(*, actor):
    """Queue a test message to the Secretariat member who asks, to check that e-mail works."""
    if not roles.can_manage_outbox(actor):
        raise PermissionDenied
    return queue_mail(
        to=actor.email,
        template="core/email/test",
        context={"name": actor.get_full_name()},
        language=actor.preferred_language,
    )

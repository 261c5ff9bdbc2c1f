"""The e-mail outbox: every e-mail of the portal is queued here and sent by the worker.

Flow: ``queue_mail`` renders subject, plain text and HTML in the recipient's language and
stores an ``OutgoingMail`` row (queued); on commit, the row's id goes to the broker (a single
mail, e.g. a registration confirmation, goes out at once in a task of its own). Many mails at
once (invitations, reminders, the sweep, a retry of all failed) go as one task per
MAIL_BATCH_SIZE ids (``enqueue_batch``). The worker's ``deliver_mails`` claims up to
MAIL_BATCH_SIZE of them in one short transaction (``FOR UPDATE SKIP LOCKED``, queued ->
sending, one claim mark ``claimed_at``) and sends them over ONE SMTP connection, paced by
MAIL_RATE_LIMIT. Errors that can pass (SMTP 4xx, time-outs, a refused connection) put that
row back in the queue with a doubled delay, up to MAIL_MAX_ATTEMPTS; the others fail it at
once, with the server's reply kept on the row; either way the next message of the batch goes
on. A connection the server dropped is opened again, once per message.

If the broker is down when a row is queued, the row simply waits: ``sweep_outbox`` (celery
beat) enqueues rows left queued, and re-queues rows whose worker died while sending.

The worker sends only under its claim: each message of a batch is sent in a transaction of
its own that locks the row again, checks that the claim is still the worker's (still sending,
same ``claimed_at``), sends, and marks the row sent (one UPDATE) before it commits. While a
send is in flight its row is locked: the sweep skips it and another worker's claim skips it
(``skip_locked``), so a slow send is never re-queued under the worker's feet and sent twice;
a row the sweep took back while it waited its turn in a batch is not sent by that worker. A
killed worker's connection closes and its lock goes with it; the rows of its batch not sent
yet stay "sending" until the sweep takes them back (after MAIL_SENDING_TIMEOUT), and a batch
is made small enough (``claim_size``) to be sent well within that time.

The one window in which a message can go out twice, per message and unchanged by batching:
the worker dies (or loses the database) after the SMTP server accepted the message and before
the commit that marks the row sent (between the server's 250 to the end of DATA and one
UPDATE's commit; the next message of the batch, and the QUIT, come after it). The sweep
re-queues such a row after MAIL_SENDING_TIMEOUT; the stable Message-ID lets the recipient's
system recognise the copy. (A connection lost after the end of DATA but before the 250
arrives is the same window seen from the other side: the message is sent again, once.)

Secrets (accounts): a password-reset or verification link lets whoever reads it act as the
recipient, so the outbox never keeps one readable. ``queue_mail(..., secrets=[...])`` stores
the mail with each secret replaced by "[withheld secret N]" (that is what the outbox pages and
the admin show) and the secrets themselves encrypted with a key derived from SECRET_KEY
(``sealed_secrets``); the worker puts them back only into the message it sends, and erases
them once it is sent.
"""

import base64
import json
import logging
import smtplib
import socket
import time
import uuid
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation
from django.utils.html import escape

from idm_portal.core import crypto, roles
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
    template = get_template(template_name).template
    return template.render(Context(context, autoescape=False))


def render_mail(template, context, *, language):
    """Render ``<template>_subject.txt``, ``_message.txt`` and (if it exists)
    ``_message.html`` in ``language``; the file names are django-allauth's convention."""
    with translation.override(language):
        subject = render_text(f"{template}_subject.txt", context)
        text = render_text(f"{template}_message.txt", context)
        try:
            html = render_to_string(f"{template}_message.html", context)
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
    found = {}
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


def queue_mail(
    *,
    to,
    template,
    context,
    language=None,
    attachments=(),
    message_id=None,
    from_email=None,
    secrets=(),
    enqueue=True,
):
    """Render an e-mail in the recipient's language and put it in the outbox; the worker is
    told on commit. ``attachments`` are (filename, bytes, MIME type) triples; ``secrets``
    are strings of the context (links, keys) stored only encrypted and sent only to the
    recipient. ``enqueue=False``: the caller hands the mail to the broker itself (with
    ``enqueue_batch``, one task for many mails). Returns the queued ``OutgoingMail``."""
    language = language if language in LANGUAGE_CODES else recipient_language(to)
    subject, text, html = render_mail(template, context, language=language)
    (subject, text, html), sealed = seal_secrets(secrets, subject, text, html)
    with transaction.atomic():
        mail = OutgoingMail.objects.create(
            to=to,
            language=language,
            template=template,
            subject=subject[:300],
            body_text=text,
            body_html=html,
            from_email=from_email or settings.DEFAULT_FROM_EMAIL,
            message_id=message_id or new_message_id(),
            sealed_secrets=sealed,
            attachments=[
                {
                    "filename": filename,
                    "mimetype": mimetype,
                    "content": base64.b64encode(content).decode("ascii"),
                }
                for filename, content, mimetype in attachments
            ],
        )
        if enqueue:
            transaction.on_commit(partial(enqueue_delivery, mail.pk))
    return mail


def enqueue_delivery(mail_id, *, countdown=None):
    """Hand a mail to the broker. Never raises: with the broker down the row stays queued and
    the sweep enqueues it later, so the request that queued it still answers."""
    from idm_portal.core.tasks import deliver_mail_task  # tasks import services

    try:
        deliver_mail_task.apply_async(args=[mail_id], countdown=countdown)
    except Exception as error:  # kombu raises several kinds for an unreachable broker
        logger.warning("Outbox: mail %s stays queued, broker unreachable: %s", mail_id, error)
        return False
    return True


def enqueue_batch(mail_ids):
    """Hand many mails to the broker: one task per MAIL_BATCH_SIZE of them, each delivered
    over one SMTP connection. Never raises (as ``enqueue_delivery``). Returns how many tasks
    were queued."""
    from idm_portal.core.tasks import deliver_mails_task

    mail_ids = list(mail_ids)
    if len(mail_ids) == 1:
        return int(enqueue_delivery(mail_ids[0]))
    size = max(settings.MAIL_BATCH_SIZE, 1)
    queued = 0
    for start in range(0, len(mail_ids), size):
        chunk = mail_ids[start : start + size]
        try:
            deliver_mails_task.apply_async(args=[chunk])
        except Exception as error:  # kombu raises several kinds for an unreachable broker
            logger.warning(
                "Outbox: %s mails stay queued, broker unreachable: %s", len(chunk), error
            )
            return queued
        queued += 1
    return queued


def _is_transient(error):
    """Errors that can pass: SMTP 4xx replies, time-outs, dropped or refused connections."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _msg in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    return isinstance(
        error, (smtplib.SMTPServerDisconnected, socket.timeout, TimeoutError, ConnectionError)
    )


def _describe(error):
    if isinstance(error, smtplib.SMTPResponseException):
        message = error.smtp_error
        if isinstance(message, bytes):
            message = message.decode("utf-8", "replace")
        return f"{error.smtp_code} {message}"
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{address}: {code} {message.decode('utf-8', 'replace')}"
            for address, (code, message) in error.recipients.items()
        )
    return f"{type(error).__name__}: {error}"


def _claim(mail_id):
    """Move a queued mail to sending under a row lock; None if it is not ours to send (gone,
    not queued, or locked: another worker is sending it right now)."""
    with transaction.atomic():
        mail = OutgoingMail.objects.select_for_update(skip_locked=True).filter(pk=mail_id).first()
        if mail is None or mail.status != OutgoingMail.Status.QUEUED:
            return None
        mail.status = OutgoingMail.Status.SENDING
        mail.attempts += 1  # read under the row lock: current
        mail.claimed_at = timezone.now()
        mail.save(update_fields=["status", "attempts", "claimed_at"])
    return mail


def _build_message(mail, connection):
    subject, body_text, body_html = unseal_secrets(
        mail, mail.subject, mail.body_text, mail.body_html
    )
    message = EmailMultiAlternatives(
        subject=subject,
        body=body_text,
        from_email=mail.from_email,
        to=[mail.to],
        headers={"Message-ID": mail.message_id},
        connection=connection,
    )
    if body_html:
        message.attach_alternative(body_html, "text/html")
    for attachment in mail.attachments:
        message.attach(
            attachment["filename"],
            base64.b64decode(attachment["content"]),
            attachment["mimetype"],
        )
    return message


def backoff_delay(attempts):
    """Seconds to wait before attempt ``attempts + 1``: doubled each time, bounded."""
    return min(
        settings.MAIL_RETRY_BACKOFF * 2 ** max(attempts - 1, 0), settings.MAIL_RETRY_BACKOFF_MAX
    )


def _still_claimed(mail):
    """Lock the row again (in the caller's transaction) and tell whether the claim is still
    this worker's: sending, with the ``claimed_at`` it set. The lock is held through the
    send."""
    current = (
        OutgoingMail.objects.select_for_update()
        .filter(pk=mail.pk)
        .values_list("status", "claimed_at")
        .first()
    )
    return current == (OutgoingMail.Status.SENDING, mail.claimed_at)


def send_interval(rate=None):
    """Seconds between two messages of one worker under MAIL_RATE_LIMIT ("600/m": 0.1;
    "10/s", "3600/h"; empty: no limit, 0)."""
    rate = settings.MAIL_RATE_LIMIT if rate is None else rate
    if not rate:
        return 0.0
    count, _slash, unit = str(rate).partition("/")
    seconds = {"s": 1, "m": 60, "h": 3600}[(unit or "s").strip()[:1]]
    count = float(count)
    return seconds / count if count > 0 else 0.0


def claim_size(interval=None):
    """How many rows one claim takes: MAIL_BATCH_SIZE, fewer when the rate limit would make
    the batch outlast half of MAIL_SENDING_TIMEOUT (the sweep must never find a claim that is
    still waiting its turn)."""
    interval = send_interval() if interval is None else interval
    size = max(settings.MAIL_BATCH_SIZE, 1)
    if interval > 0:
        size = min(size, max(int(settings.MAIL_SENDING_TIMEOUT / 2 / interval), 1))
    return size


def _claim_batch(mail_ids, size):
    """Move up to ``size`` queued mails among ``mail_ids`` to sending in one transaction
    (rows locked by another worker are skipped); they share one claim mark."""
    with transaction.atomic():
        mails = list(
            OutgoingMail.objects.select_for_update(skip_locked=True)
            .filter(pk__in=mail_ids, status=OutgoingMail.Status.QUEUED)
            .order_by("pk")[:size]
        )
        if not mails:
            return []
        claimed_at = timezone.now()
        OutgoingMail.objects.filter(pk__in=[mail.pk for mail in mails]).update(
            status=OutgoingMail.Status.SENDING, attempts=F("attempts") + 1, claimed_at=claimed_at
        )
        for mail in mails:
            mail.status = OutgoingMail.Status.SENDING
            mail.attempts += 1  # read under the row lock: current
            mail.claimed_at = claimed_at
    return mails


def deliver_mail(mail_id):
    """Send one queued mail (the worker's task for a single mail). Marks it sent; or queued
    again with a back-off for an error that can pass; or failed with the error kept. Returns
    the mail, or None when there was nothing to send (gone, already sent, being sent, or the
    claim was lost to the sweep before the send began)."""
    delivered = deliver_mails([mail_id])
    return delivered[0] if delivered else None


def deliver_mails(mail_ids):
    """Send the queued mails among ``mail_ids`` over one SMTP connection (the worker's batch
    task). They are claimed ``claim_size()`` at a time in one short transaction; each is then
    sent in a transaction of its own that locks its row, checks the claim, sends and marks it
    sent (or queued again, or failed, as ``deliver_mail``). A failure of one message is kept
    on its row and the next one goes on; a dropped connection is opened again once per
    message. Messages are paced by MAIL_RATE_LIMIT. Returns the mails handled (a mail whose
    claim the sweep took back is left out: not sent here)."""
    mail_ids = list(dict.fromkeys(mail_ids))
    interval = send_interval()
    size = claim_size(interval)
    delivered = []
    connection = None
    last_send = None
    try:
        while mail_ids:
            batch = _claim_batch(mail_ids, size)
            if not batch:
                break
            handled = {mail.pk for mail in batch}
            mail_ids = [pk for pk in mail_ids if pk not in handled]
            for mail in batch:
                if interval and last_send is not None:
                    wait = last_send + interval - time.monotonic()
                    if wait > 0:
                        time.sleep(wait)
                if connection is None:
                    connection = get_connection(fail_silently=False, timeout=settings.EMAIL_TIMEOUT)
                last_send = time.monotonic()
                result = _send_claimed(mail, connection)
                if result is not None:
                    delivered.append(result)
    finally:
        if connection is not None:
            _close_quietly(connection)
    return delivered


def _send_claimed(mail, connection):
    """Send one claimed mail over ``connection`` (opened here if it is not), under its row
    lock; mark it sent before the commit. Returns the mail, or None if the claim was lost."""
    with transaction.atomic():
        if not _still_claimed(mail):
            logger.info("Outbox: mail %s was taken back by the sweep; not sent here", mail.pk)
            return None
        try:
            _send_over(mail, connection)
        except Exception as error:  # every failure is recorded on the row; none escapes
            if not _refused(error):
                _close_quietly(connection)  # the next message opens a fresh connection
            return _record_failure(mail, error)
        mail.status = OutgoingMail.Status.SENT
        mail.sent_at = timezone.now()
        mail.last_error = ""
        mail.sealed_secrets = ""  # sent: the withheld secrets are no longer needed
        OutgoingMail.objects.filter(pk=mail.pk).update(
            status=mail.status, sent_at=mail.sent_at, last_error="", sealed_secrets=""
        )
    logger.info("Outbox: mail %s sent to %s", mail.pk, mail.to)
    return mail


def _refused(error):
    """The server refused this message and the line is still good (smtplib sent RSET): the
    next message of the batch goes over the same connection."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return True
    return isinstance(error, smtplib.SMTPResponseException) and not _connection_lost(error)


def _connection_lost(error):
    """The server closed the line: dropped, reset, or "421 closing transmission channel"."""
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code == 421
    return True


def _send_over(mail, connection):
    """Send over the open connection; a connection the server dropped (between two messages
    of a batch, or a time-out) is opened again, once, for this message."""
    # The connection stays open after the message is sent: the row is marked sent (and
    # committed) before the next message or the QUIT, which keeps the duplicate window to
    # one commit. (Django asks a backend for send_messages only; open and close are
    # optional.)
    for attempt in (1, 2):
        try:
            if hasattr(connection, "open"):
                connection.open()
            _build_message(mail, connection).send()
            return
        except (
            smtplib.SMTPResponseException,
            smtplib.SMTPServerDisconnected,
            ConnectionError,
        ) as error:
            if attempt == 2 or not _connection_lost(error):
                raise
            logger.info("Outbox: SMTP connection lost (%s); opening it again", error)
            _close_quietly(connection)
            if getattr(connection, "connection", None) is not None:
                connection.connection = None


def _erase_secrets(mail):
    """Once a mail is sent, its withheld secrets are no longer needed: erase them."""
    if mail.sealed_secrets and OutgoingMail.objects.filter(
        pk=mail.pk, status=OutgoingMail.Status.SENT
    ).update(sealed_secrets=""):
        mail.sealed_secrets = ""


def _close_quietly(connection):
    """QUIT; the message was accepted (or refused) already, a failing QUIT changes
    nothing."""
    if not hasattr(connection, "close"):
        return
    try:
        connection.close()
    except Exception as error:  # a server that drops the line at QUIT
        logger.info("Outbox: closing the SMTP connection: %s", error)


def _record_failure(mail, error):
    reason = _describe(error)[:2000]
    retry = _is_transient(error) and mail.attempts < settings.MAIL_MAX_ATTEMPTS
    with transaction.atomic():
        if retry:
            delay = backoff_delay(mail.attempts)
            OutgoingMail.objects.filter(pk=mail.pk).update(
                status=OutgoingMail.Status.QUEUED,
                last_error=reason,
                next_attempt_at=timezone.now() + timedelta(seconds=delay),
            )
            transaction.on_commit(partial(enqueue_delivery, mail.pk, countdown=delay))
            logger.warning("Outbox: mail %s will be retried in %ss: %s", mail.pk, delay, reason)
        else:
            OutgoingMail.objects.filter(pk=mail.pk).update(
                status=OutgoingMail.Status.FAILED, last_error=reason
            )
            logger.error("Outbox: mail %s failed: %s", mail.pk, reason)
    mail.refresh_from_db()
    return mail


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

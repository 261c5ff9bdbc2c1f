"""The outbox's delivery: the worker claims queued mails in batches and sends them over one
SMTP connection, each under its claim, marked sent in its own commit. See the package's
docstring for the guarantees and the duplicate windows."""

import base64
import contextlib
import logging
import smtplib
import socket
import time
import uuid
from datetime import timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import DatabaseError, connection, transaction
from django.db.models import F
from django.utils import timezone

from idm_portal.core.models import OutgoingMail
from idm_portal.core.services.outbox.queueing import enqueue_delivery, unseal_secrets

logger = logging.getLogger(__name__)


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


class _OutboxMessage(EmailMultiAlternatives):
    """A message whose MIME boundaries are random (uuid4) and set before it is written:
    the standard library would otherwise look for a boundary that appears nowhere in the
    text by compiling a regular expression for each candidate (a millisecond a message)."""

    def message(self, *args, **kwargs):
        message = super().message(*args, **kwargs)
        for part in message.walk():
            if part.is_multipart():
                part.set_boundary(f"=_{uuid.uuid4().hex}")
        return message


def _build_message(mail, connection):
    subject, body_text, body_html = unseal_secrets(
        mail, mail.subject, mail.body_text, mail.body_html
    )
    message = _OutboxMessage(
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
    number, _slash, unit = str(rate).partition("/")
    seconds = {"s": 1, "m": 60, "h": 3600}[(unit or "s").strip()[:1]]
    count = float(number)
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
    smtp = None
    last_send = None

    def pace(before_waiting=None):
        """Wait for this message's turn under MAIL_RATE_LIMIT (``before_waiting`` is called
        first, if there is a wait); the SMTP connection is made at the first message."""
        nonlocal last_send, smtp
        if interval and last_send is not None:
            wait = last_send + interval - time.monotonic()
            if wait > 0:
                if before_waiting is not None:
                    before_waiting()
                time.sleep(wait)
        last_send = time.monotonic()
        if smtp is None:
            smtp = get_connection(fail_silently=False, timeout=settings.EMAIL_TIMEOUT)
        return smtp

    try:
        while mail_ids:
            batch = _claim_batch(mail_ids, size)
            if not batch:
                break
            handled = {mail.pk for mail in batch}
            mail_ids = [pk for pk in mail_ids if pk not in handled]
            delivered += [mail for mail in _send_batch(batch, pace) if mail is not None]
    finally:
        if smtp is not None:
            _close_quietly(smtp)
    return delivered


def _send_batch(batch, pace):
    """Send the claimed mails one by one, each under its row lock and marked sent in its
    own commit before the next one is sent. Returns, for each, the mail or None (its claim
    was lost)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        # Inside a caller's transaction (tests), with the ORM: one savepoint per message.
        return [_send_claimed(mail, pace()) for mail in batch]
    return _send_batch_in_one_round_trip_each(batch, pace)


assert OutgoingMail._meta.db_table == "core_outgoingmail"  # noqa: S101  (the SQL below)
_LOCK_SQL = "SELECT status, claimed_at FROM core_outgoingmail WHERE id = %s FOR UPDATE"
_MARK_SQL = (
    "UPDATE core_outgoingmail SET status = %s, sent_at = %s, last_error = '', "
    "sealed_secrets = '' WHERE id = %s; COMMIT; "
)


def _send_batch_in_one_round_trip_each(batch, pace):
    """What ``_send_claimed`` does, with one database round trip per message: the commit
    that marks a message sent goes in the same statement string as the transaction that
    locks the next row and checks its claim ("UPDATE …; COMMIT; BEGIN; SELECT … FOR
    UPDATE"). The marks' commits do not wait for the disk (``synchronous_commit`` off for
    these transactions only, unless MAIL_SYNCHRONOUS_MARKS): a killed worker loses none of
    them; a crash of the database server itself may lose the last few hundred
    milliseconds' (see the package's docstring)."""
    begin = "BEGIN; "
    if not settings.MAIL_SYNCHRONOUS_MARKS:
        begin += "SET LOCAL synchronous_commit TO off; "
    lock = _LOCK_SQL
    mark = _MARK_SQL
    results: list[OutgoingMail | None] = []
    # The last mark (or ROLLBACK) and its parameters, sent with the next statement.
    pending: list[Any] = ["", []]
    connection.ensure_connection()
    in_transaction = False
    try:
        with connection.cursor() as cursor:

            def flush():
                """Send the pending mark now (before a wait under the rate limit)."""
                nonlocal in_transaction
                if pending[0]:
                    cursor.execute(pending[0], pending[1])
                    pending[:] = ["", []]
                in_transaction = False

            for mail in batch:
                smtp = pace(flush)
                in_transaction = True  # (a ROLLBACK outside a transaction only warns)
                cursor.execute(pending[0] + begin + lock, [*pending[1], mail.pk])
                while cursor.nextset():  # psycopg 3 answers with the first statement's result
                    pass  # the lock's row is the last one's
                pending[:] = ["", []]
                if cursor.fetchone() != (OutgoingMail.Status.SENDING, mail.claimed_at):
                    logger.info(
                        "Outbox: mail %s was taken back by the sweep; not sent here", mail.pk
                    )
                    pending[:] = ["ROLLBACK; ", []]
                    results.append(None)
                    continue
                try:
                    _send_over(mail, smtp)
                except Exception as error:  # every failure is recorded on the row
                    cursor.execute("ROLLBACK")
                    in_transaction = False
                    if not _refused(error):
                        _close_quietly(smtp)  # the next message opens a fresh connection
                    results.append(_record_failure(mail, error))
                    continue
                mail.status = OutgoingMail.Status.SENT
                mail.sent_at = timezone.now()
                mail.last_error = ""
                mail.sealed_secrets = ""  # sent: the withheld secrets are no longer needed
                pending[:] = [mark, [mail.status, mail.sent_at, mail.pk]]
                results.append(mail)
                logger.info("Outbox: mail %s sent to %s", mail.pk, mail.to)
            flush()
    finally:
        if in_transaction:
            with contextlib.suppress(DatabaseError), connection.cursor() as cursor:
                cursor.execute("ROLLBACK")
    return results


def _send_claimed(mail, smtp):
    """Send one claimed mail over the SMTP connection ``smtp`` (opened here if it is not),
    under its row lock; mark it sent before the commit. Returns the mail, or None if the
    claim was lost."""
    with transaction.atomic():
        if not _still_claimed(mail):
            logger.info("Outbox: mail %s was taken back by the sweep; not sent here", mail.pk)
            return None
        try:
            _send_over(mail, smtp)
        except Exception as error:  # every failure is recorded on the row; none escapes
            if not _refused(error):
                _close_quietly(smtp)  # the next message opens a fresh connection
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


def _send_over(mail, smtp):
    """Send over the open connection; a connection the server dropped (between two messages
    of a batch, or a time-out) is opened again, once, for this message."""
    # The connection stays open after the message is sent: the row is marked sent (and
    # committed) before the next message or the QUIT, which keeps the duplicate window to
    # one commit. (Django asks a backend for send_messages only; open and close are
    # optional.)
    for attempt in (1, 2):
        try:
            if hasattr(smtp, "open"):
                smtp.open()
            _build_message(mail, smtp).send()
            return
        except (
            smtplib.SMTPResponseException,
            smtplib.SMTPServerDisconnected,
            ConnectionError,
        ) as error:
            if attempt == 2 or not _connection_lost(error):
                raise
            logger.info("Outbox: SMTP connection lost (%s); opening it again", error)
            _close_quietly(smtp)
            if getattr(smtp, "connection", None) is not None:
                smtp.connection = None


def _close_quietly(smtp):
    """QUIT; the message was accepted (or refused) already, a failing QUIT changes
    nothing."""
    if not hasattr(smtp, "close"):
        return
    try:
        smtp.close()
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

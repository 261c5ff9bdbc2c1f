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
same ``claimed_at``), sends, and marks the row sent (one UPDATE) before it commits. Outside a
caller's transaction that costs one database round trip a message: the mark's UPDATE and
COMMIT go in one statement string with the BEGIN and the locking SELECT of the next row
(``_send_batch_in_one_round_trip_each``). While a send is in flight its row is locked: the
sweep skips it and another worker's claim skips it (``skip_locked``), so a slow send is never
re-queued under the worker's feet and sent twice; a row the sweep took back while it waited
its turn in a batch is not sent by that worker. A killed worker's connection closes and its
lock goes with it; the rows of its batch not sent yet stay "sending" until the sweep takes
them back (after MAIL_SENDING_TIMEOUT), and a batch is made small enough (``claim_size``) to
be sent well within that time.

The duplicate windows, per message and unchanged by batching:

- The worker dies (SIGKILL, OOM, a deployment) or loses the database after the SMTP server
  accepted a message and before the commit that marks it sent (between the server's 250 to
  the end of DATA and one round trip to the database; the next message of the batch, and
  the QUIT, come after it): that one message is sent again, by the sweep, after
  MAIL_SENDING_TIMEOUT. At most one message per worker that dies. (A connection lost after
  the end of DATA but before the 250 arrives is the same window seen from the other side.)
- The marks' commits do not wait for PostgreSQL's disk flush (``synchronous_commit`` off for
  those transactions only; MAIL_SYNCHRONOUS_MARKS=true makes them wait). A committed mark is
  seen by everyone at once and survives the worker; only a crash of the database server
  itself (its host, a power cut, PostgreSQL's own crash recovery) loses the marks of the last
  moments before it, at most three times ``wal_writer_delay`` (0.6 s by default): the
  messages sent in those moments (at the worker's pace, up to a few hundred) are sent again
  by the sweep.

The stable Message-ID lets the recipient's system recognise a copy.

Secrets (accounts): a password-reset or verification link lets whoever reads it act as the
recipient, so the outbox never keeps one readable. ``queue_mail(..., secrets=[...])`` stores
the mail with each secret replaced by "[withheld secret N]" (that is what the outbox pages and
the admin show) and the secrets themselves encrypted with a key derived from SECRET_KEY
(``sealed_secrets``); the worker puts them back only into the message it sends, and erases
them once it is sent.
"""

from idm_portal.core.services.outbox.delivery import (  # noqa: F401  (the outbox's API)
    _build_message,
    _describe,
    _is_transient,
    backoff_delay,
    claim_size,
    deliver_mail,
    deliver_mails,
    send_interval,
)
from idm_portal.core.services.outbox.queueing import (  # noqa: F401  (the outbox's API)
    LANGUAGE_CODES,
    SECRETS_PURPOSE,
    build_mail,
    encode_attachments,
    enqueue_batch,
    enqueue_delivery,
    new_message_id,
    queue_mail,
    queue_mails,
    recipient_language,
    render_mail,
    render_text,
    retry_failed_mails,
    retry_mail,
    seal_secrets,
    send_test_mail,
    sweep_outbox,
    unseal_secrets,
    withheld,
)

"""1,000 invitations through Redis and one Celery worker to an SMTP server on loopback,
against a plain smtplib loop sending the same 1,000 messages on one connection.

The issue's figure: 1,000 invitations rendered into the outbox (in this process, timed on
their own), then timed from handing them to Redis (``outbox.enqueue_batch``: one task per
MAIL_BATCH_SIZE) until the SMTP server (aiosmtpd, in this process) has accepted the 1,000th.
The worker, as docker-compose.yml runs it (Celery's prefork pool: a process per core, each
taking one batch task at a time), delivers them as the outbox does: MAIL_BATCH_SIZE rows
claimed in one transaction, sent over one SMTP connection, each row marked sent in its own
commit before the next message. The same with the worker in one process (solo pool), on
another 1,000, for comparison. Then the same 1,000 messages,
built beforehand from the outbox rows, go through a plain smtplib loop on one connection
(and one that opens a connection per message), in the same run. Last, end to end: another
workshop's 1,000 invitations from the Secretariat's "send" (one UPDATE and one task), the
worker rendering them in batches and delivering each batch, until the 1,000th is accepted."""

import logging
import os
import smtplib
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from unittest import mock

from aiosmtpd.controller import Controller
from django.conf import settings
from django.core.mail import get_connection
from django.utils import timezone

from bench._gunicorn import ROOT, database_url, free_port
from idm_portal.core.models import IdmYear, OutgoingMail, User
from idm_portal.core.services import outbox
from idm_portal.core.services.outbox import _build_message
from workshops.models import Invitation, Workshop
from workshops.services import invitations as services

COUNT = 1000
TIMEOUT = 600


class CountingHandler:
    def __init__(self):
        self.lock = threading.Lock()
        self.message_ids = []

    async def handle_DATA(self, server, session, envelope):
        for line in envelope.content.split(b"\r\n"):
            if line.lower().startswith(b"message-id:"):
                with self.lock:
                    self.message_ids.append(line.split(b":", 1)[1].strip().decode())
                break
            if not line:
                break
        return "250 Message accepted for delivery"

    def count(self):
        with self.lock:
            return len(self.message_ids)


def _world(ordinal, slug):
    year, _created = IdmYear.objects.get_or_create(
        year=2006, defaults={"overarching_theme": "Benchmark year", "status": "concluded"}
    )
    workshop = Workshop.objects.create(
        idm_year=year,
        ordinal=ordinal,
        title="Benchmark workshop for invitations",
        slug=slug,
        start_date="2006-03-25",
        end_date="2006-03-26",
        venue="Palais des Nations",
        city="Geneva",
        status=Workshop.Status.CONFIRMED,
        is_published=True,
    )
    secretariat, _created = User.objects.get_or_create(
        email="bench-invitations@idm.example",
        defaults={"is_staff": True, "is_superuser": True},
    )
    languages = ("en", "fr", "es")
    recipients = [
        services.Recipient(
            email=f"bench-invitee-{number}@{slug}.example",
            name=f"Bench Invitee {number}",
            language=languages[number % 3],
        )
        for number in range(COUNT)
    ]
    services.invite(workshop, actor=secretariat, recipients=recipients)
    return workshop, secretariat


def _render_into_the_outbox(workshop):
    """Render the workshop's invitations into the outbox here, keeping the ids the service
    would hand to the broker. Returns (ids, seconds)."""
    Invitation.objects.filter(workshop=workshop).update(send_at=timezone.now())
    ids = []
    started = time.perf_counter()
    with mock.patch.object(outbox, "enqueue_batch", ids.extend):
        services.send_due_invitations(workshop_id=workshop.pk)
    return ids, time.perf_counter() - started


# The worker as docker-compose.yml runs it (Celery's prefork pool, a process per core), and
# the same with one process (solo pool), for comparison.
PRODUCTION_POOL = ()
ONE_PROCESS = ("--pool=solo",)


def _worker(smtp_port, pool, name):
    env = {
        **os.environ,
        "DATABASE_URL": database_url(connection_settings()),
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "MAIL_RATE_LIMIT": "",
        # As in production (.env.example): the worker keeps its database connection.
        "CONN_MAX_AGE": os.environ.get("CONN_MAX_AGE", "60"),
        "LOG_LEVEL": "WARNING",
    }
    log = (ROOT / "var" / f"bench-invitations-worker-{name}.log").open("w")
    hostname = f"bench-{name}-{os.getpid()}@localhost"
    process = subprocess.Popen(
        [
            sys.executable, "-m", "celery", "-A", "idm_portal", "worker", *pool,
            "--without-gossip", "--without-mingle", "--loglevel=WARNING",
            "-Q", settings.CELERY_TASK_DEFAULT_QUEUE, "-n", hostname,
        ],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    return process, log, hostname


@contextmanager
def _running_worker(smtp_port, pool, name):
    from idm_portal.celery import app

    process, log, hostname = _worker(smtp_port, pool, name)
    try:
        _wait(lambda: app.control.ping([hostname], timeout=0.5), "the worker", timeout=60)
        yield
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def _through_the_worker(handler, ids):
    """Seconds from handing ``ids`` to Redis until the SMTP server has accepted them all,
    each once; and the number of tasks."""
    handler.message_ids.clear()
    started = time.perf_counter()
    tasks = outbox.enqueue_batch(ids)
    _wait(lambda: handler.count() >= len(ids), f"{len(ids):,} messages at the SMTP server")
    elapsed = time.perf_counter() - started
    arrived = list(handler.message_ids)
    assert len(arrived) == len(ids) == len(set(arrived)), "a message arrived twice"
    return elapsed, tasks


def connection_settings():
    from django.db import connection

    return connection.settings_dict


def _wait(predicate, what, timeout=TIMEOUT):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise RuntimeError(f"Timed out waiting for {what}")
        time.sleep(0.02)


def _smtplib_loop(port, messages, *, one_connection):
    started = time.perf_counter()
    if one_connection:
        with smtplib.SMTP("127.0.0.1", port) as smtp:
            for sender, recipients, data in messages:
                smtp.sendmail(sender, recipients, data)
    else:
        for sender, recipients, data in messages:
            with smtplib.SMTP("127.0.0.1", port) as smtp:
                smtp.sendmail(sender, recipients, data)
    return time.perf_counter() - started


def _commit_ms(repeat=100, *, wait_for_disk=True):
    """The cost of one committed UPDATE here: each delivery commits one (sent), and each
    batch one more (its claim); the worker's do not wait for the disk."""
    from django.db import connection, transaction

    mail = OutgoingMail.objects.order_by("pk").first()
    started = time.perf_counter()
    for _ in range(repeat):
        with transaction.atomic():
            if not wait_for_disk:
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit TO off")
            OutgoingMail.objects.filter(pk=mail.pk).update(attempts=mail.attempts)
    return (time.perf_counter() - started) / repeat * 1000


def _messages(ids):
    """These outbox rows as the bytes the plain loops send."""
    connection = get_connection(backend="django.core.mail.backends.smtp.EmailBackend")
    messages = []
    for mail in OutgoingMail.objects.filter(pk__in=ids).order_by("pk"):
        message = _build_message(mail, connection)
        messages.append(
            (message.from_email, message.recipients(), message.message().as_bytes(linesep="\r\n"))
        )
    return messages


def run(report):

    if not settings.CELERY_BROKER_URL:
        print("   (skipped: no CELERY_BROKER_URL)")
        return
    import redis

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd: a line per command
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    broker.delete(settings.CELERY_TASK_DEFAULT_QUEUE)
    handler = CountingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    queued, secretariat = _world(1, "benchmark-outbox")
    ids, render_seconds = _render_into_the_outbox(queued)
    assert len(ids) == COUNT
    solo_world, _secretariat = _world(3, "benchmark-outbox-solo")
    solo_ids, _seconds = _render_into_the_outbox(solo_world)
    end_to_end, _secretariat = _world(2, "benchmark-send")
    try:
        with _running_worker(controller.port, ONE_PROCESS, "solo"):
            solo_elapsed, _tasks = _through_the_worker(handler, solo_ids)
        with _running_worker(controller.port, PRODUCTION_POOL, "prefork"):
            # The figure: from the enqueueing of 1,000 rendered invitations to the
            # last accepted by the SMTP server.
            elapsed, tasks = _through_the_worker(handler, ids)

            # Side by side: the same 1,000 messages through plain smtplib loops.
            messages = _messages(ids)
            handler.message_ids.clear()
            one = _smtplib_loop(controller.port, messages, one_connection=True)
            each = _smtplib_loop(controller.port, messages, one_connection=False)
            assert handler.count() == 2 * COUNT
            handler.message_ids.clear()

            # End to end: the Secretariat's "send", the worker renders and delivers.
            started = time.perf_counter()
            services.send_invitations(end_to_end, actor=secretariat)
            answered = time.perf_counter() - started
            _wait(lambda: handler.count() >= COUNT, "1,000 messages sent end to end")
            whole = time.perf_counter() - started
            arrived = list(handler.message_ids)
            assert len(arrived) == COUNT == len(set(arrived)), "a message arrived twice"
    finally:
        broker.delete(settings.CELERY_TASK_DEFAULT_QUEUE)
        controller.stop()

    size = sum(len(data) for _sender, _to, data in messages) / len(messages)
    worker_rate = COUNT / elapsed
    smtplib_rate = COUNT / one
    report("one PostgreSQL commit of a row update (for scale)", _commit_ms(), "ms")
    report("same, not waiting for the disk", _commit_ms(wait_for_disk=False), "ms")
    report(
        "invitations rendered into the outbox (in-process, bulk)", COUNT / render_seconds, "mails/s"
    )
    report(f"outbox: {COUNT:,} enqueued ({tasks} tasks) -> last accepted by SMTP", elapsed, "s")
    report(
        f"outbox: {COUNT:,} through Redis + 1 worker to SMTP ({os.cpu_count()} processes)",
        worker_rate,
        "msgs/s",
    )
    report("same, the worker in one process (solo pool)", COUNT / solo_elapsed, "msgs/s")
    report("plain smtplib loop, one connection, same messages", smtplib_rate, "msgs/s")
    report("plain smtplib loop, a connection per message", COUNT / each, "msgs/s")
    report("ratio worker / smtplib one connection (goal >= 0.5)", worker_rate / smtplib_rate)
    report("ratio worker / smtplib connection per message", worker_rate / (COUNT / each))
    report(
        "ratio worker in one process / smtplib one connection", COUNT / solo_elapsed / smtplib_rate
    )
    report("end to end: the send request (1 UPDATE + 1 task)", answered * 1000, "ms")
    report(
        f"end to end: {COUNT:,} from 'send' (rendered by the worker) to SMTP",
        COUNT / whole,
        "msgs/s",
    )
    report("end to end / smtplib one connection", (COUNT / whole) / smtplib_rate)
    report("average message size (with the .ics)", size / 1024, "KiB")

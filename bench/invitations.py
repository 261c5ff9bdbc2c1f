"""1,000 invitations through Redis and one Celery worker to an SMTP server on loopback,
against a plain smtplib loop sending the same 1,000 messages.

The worker (one process, solo pool, the project's command line) renders the invitations into
the outbox (templates, .ics) and delivers them as the outbox does: MAIL_BATCH_SIZE rows
claimed in one transaction, sent over one SMTP connection, each row marked sent in its own
commit. Timed from the Secretariat's "send" (one UPDATE and one
task) until the SMTP server (aiosmtpd, in this process) has received the 1,000th message. Then
the same 1,000 messages, built beforehand from the outbox rows, go through a plain smtplib
loop on one connection, and through a loop that opens a connection per message (as the outbox
did before batching), side by side in the same run."""

import logging
import os
import smtplib
import subprocess
import sys
import threading
import time

from aiosmtpd.controller import Controller
from django.conf import settings
from django.core.mail import get_connection

from bench._gunicorn import ROOT, database_url, free_port
from idm_portal.core.models import IdmYear, OutgoingMail, User
from idm_portal.core.services.outbox import _build_message
from workshops.models import Workshop
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


def _world():
    year, _created = IdmYear.objects.get_or_create(
        year=2006, defaults={"overarching_theme": "Benchmark year", "status": "concluded"}
    )
    workshop = Workshop.objects.create(
        idm_year=year,
        ordinal=1,
        title="Benchmark workshop for invitations",
        slug="benchmark-invitations",
        start_date="2006-03-25",
        end_date="2006-03-26",
        venue="Palais des Nations",
        city="Geneva",
        status=Workshop.Status.CONFIRMED,
        is_published=True,
    )
    secretariat = User.objects.create_superuser("bench-invitations@idm.example", "x")
    languages = ("en", "fr", "es")
    recipients = [
        services.Recipient(
            email=f"bench-invitee-{number}@idm.example",
            name=f"Bench Invitee {number}",
            language=languages[number % 3],
        )
        for number in range(COUNT)
    ]
    services.invite(workshop, actor=secretariat, recipients=recipients)
    return workshop, secretariat


def _worker(smtp_port):
    env = {
        **os.environ,
        "DATABASE_URL": database_url(connection_settings()),
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "MAIL_RATE_LIMIT": "",
        # As in production (.env.example): the worker keeps its database connection.
        "CONN_MAX_AGE": os.environ.get("CONN_MAX_AGE", "60"),
        "LOG_LEVEL": "WARNING",
    }
    log = (ROOT / "var" / "bench-invitations-worker.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable, "-m", "celery", "-A", "idm_portal", "worker",
            "--pool=solo", "--without-gossip", "--without-mingle", "--loglevel=WARNING",
            "-Q", settings.CELERY_TASK_DEFAULT_QUEUE, "-n", f"bench-{os.getpid()}@localhost",
        ],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    return process, log


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


def _commit_ms(repeat=100):
    """The cost of one committed UPDATE here: each delivery commits one (sent), and each
    batch one more (its claim)."""
    from django.db import transaction

    mail = OutgoingMail.objects.order_by("pk").first()
    started = time.perf_counter()
    for _ in range(repeat):
        with transaction.atomic():
            OutgoingMail.objects.filter(pk=mail.pk).update(attempts=mail.attempts)
    return (time.perf_counter() - started) / repeat * 1000


def run(report):
    from idm_portal.celery import app

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
    workshop, secretariat = _world()
    process, log = _worker(controller.port)
    try:
        hostname = f"bench-{os.getpid()}@localhost"
        _wait(lambda: app.control.ping([hostname], timeout=0.5), "the worker", timeout=60)

        started = time.perf_counter()
        services.send_invitations(workshop, actor=secretariat)
        answered = time.perf_counter() - started
        _wait(
            lambda: (
                OutgoingMail.objects.filter(template="workshops/email/invitation").count() == COUNT
            ),
            "the invitations rendered",
        )
        rendered = time.perf_counter() - started
        _wait(lambda: handler.count() >= COUNT, "1,000 messages at the SMTP server")
        elapsed = time.perf_counter() - started
        ids = set(handler.message_ids)
        assert len(handler.message_ids) == COUNT == len(ids), "a message arrived twice"
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()
        broker.delete(settings.CELERY_TASK_DEFAULT_QUEUE)

    # The same 1,000 messages, as bytes, for the plain loops.
    connection = get_connection(backend="django.core.mail.backends.smtp.EmailBackend")
    messages = []
    for mail in OutgoingMail.objects.filter(template="workshops/email/invitation").order_by("pk"):
        message = _build_message(mail, connection)
        messages.append(
            (message.from_email, message.recipients(), message.message().as_bytes(linesep="\r\n"))
        )
    size = sum(len(data) for _sender, _to, data in messages) / len(messages)
    handler.message_ids.clear()
    one = _smtplib_loop(controller.port, messages, one_connection=True)
    each = _smtplib_loop(controller.port, messages, one_connection=False)
    assert handler.count() == 2 * COUNT
    controller.stop()

    worker_rate = COUNT / elapsed
    report("one PostgreSQL commit of a row update (for scale)", _commit_ms(), "ms")
    report("invitations: the send request (1 UPDATE + 1 task)", answered * 1000, "ms")
    report("invitations: rendered into the outbox by the worker", COUNT / rendered, "mails/s")
    report(f"invitations: {COUNT:,} through Redis + 1 worker to SMTP", worker_rate, "msgs/s")
    report("plain smtplib loop, one connection, same messages", COUNT / one, "msgs/s")
    report("plain smtplib loop, a connection per message", COUNT / each, "msgs/s")
    report("ratio smtplib (one connection) / worker", (COUNT / one) / worker_rate, "x")
    report("ratio smtplib (connection per message) / worker", (COUNT / each) / worker_rate, "x")
    # The worker (solo pool) renders every invitation before it delivers the first: the
    # outbox's own rate is the part after the rendering.
    delivery_rate = COUNT / max(elapsed - rendered, 1e-9)
    report("outbox delivery alone (after the rendering)", delivery_rate, "msgs/s")
    report("ratio smtplib (one connection) / outbox delivery", (COUNT / one) / delivery_rate, "x")
    report("average message size (with the .ics)", size / 1024, "KiB")

"""Invitations end to end: a real Redis broker, real Celery worker processes and real SMTP
servers on loopback (aiosmtpd). 200 invitations delivered once each in their language with
the workshop's .ics; a worker killed with SIGKILL in the middle of 500; the SMTP server down,
then back up for "resend failed"."""

import asyncio
import datetime as dt
import os
import subprocess
import sys
import threading
from collections import Counter
from datetime import timedelta
from email import message_from_bytes, policy

import icalendar
import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from idm_portal.core.models import OutgoingMail
from idm_portal.core.services import outbox
from tests.conftest import ROOT, _database_url, _purge_queue, free_port, wait_for
from tests.factories import WorkshopFactory
from workshops.models import Invitation, InvitationMessage
from workshops.services import invitations as services

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

TEMPLATE = "workshops/email/invitation"
SUBJECTS = {
    "en": "Invitation to the workshop",
    "fr": "Invitation à l'atelier",
    "es": "Invitación al taller",
}


def _messages(workshop):
    for language, subject in SUBJECTS.items():
        InvitationMessage.objects.create(
            workshop=workshop,
            language=language,
            subject=subject + ": {workshop}",
            body=f"[{language}] {{name}}, {{dates}}, {{venue}}.\nAnswer: {{answer_link}}",
        )


def _invite(workshop, secretariat, count):
    languages = ("en", "fr", "es")
    recipients = [
        services.Recipient(
            email=f"Invitee{number}@Example.org",
            name=f"Invitee {number}",
            organization_name="Mission of Somewhere",
            language=languages[number % 3],
        )
        for number in range(count)
    ]
    assert services.invite(workshop, actor=secretariat, recipients=recipients) == (count, 0)


def _sent_count():
    return OutgoingMail.objects.filter(template=TEMPLATE, status=OutgoingMail.Status.SENT).count()


def _attachments(message):
    return {
        part.get_filename(): part
        for part in message.walk()
        if part.get_filename() and part.get_content_maintype() != "multipart"
    }


def _drain(smtp):
    """Wait until the worker has handled every task queued before this call (a marker mail
    queued last is delivered last: the pool handles one task at a time, in order)."""
    marker = outbox.queue_mail(
        to="marker@example.org", template="core/email/test", context={"name": "M"}, language="en"
    )
    wait_for(
        lambda: OutgoingMail.objects.filter(pk=marker.pk, status="sent").exists(),
        message="the marker mail",
    )
    smtp.messages[:] = [m for m in smtp.messages if m["Message-ID"] != marker.message_id]


def test_invitations_200_are_delivered_once_each_in_their_language_with_the_ics(
    celery_worker, smtp, secretariat
):
    workshop = WorkshopFactory(
        title="Human Rights and Migration", slug="human-rights", venue="Palais des Nations"
    )
    _messages(workshop)
    _invite(workshop, secretariat, 200)

    assert services.send_invitations(workshop, actor=secretariat) == 200
    wait_for(lambda: _sent_count() == 200, timeout=120, message="200 invitations sent")
    _drain(smtp)

    invitations = {
        invitation.mail.message_id: invitation
        for invitation in Invitation.objects.select_related("mail")
    }
    assert len(invitations) == 200
    arrived = Counter(smtp.message_ids())
    assert set(arrived) == set(invitations)
    assert set(arrived.values()) == {1}
    # Delivered in batches: one SMTP connection per MAIL_BATCH_SIZE (50) mails, not per mail
    # (and one for the marker mail of _drain).
    assert smtp.connections() == 200 // settings.MAIL_BATCH_SIZE + 1
    for message in smtp.messages:
        invitation = invitations[message["Message-ID"]]
        assert message["To"] == invitation.email == invitation.email.lower()
        language = invitation.language
        assert message["Subject"].strip() == f"{SUBJECTS[language]}: Human Rights and Migration"
        text = next(p for p in message.walk() if p.get_content_type() == "text/plain")
        body = text.get_payload(decode=True).decode()
        answer_url = f"/{language}/workshops/2009/human-rights/invitation/{invitation.token}/"
        assert body.startswith(f"[{language}] {invitation.name}, ")
        assert answer_url in body
        html = next(p for p in message.walk() if p.get_content_type() == "text/html")
        assert answer_url in html.get_payload(decode=True).decode()
        files = _attachments(message)
        assert list(files) == ["human-rights.ics"]
        calendar = icalendar.Calendar.from_ical(files["human-rights.ics"].get_payload(decode=True))
        (event,) = calendar.walk("VEVENT")
        assert str(event["SUMMARY"]) == "Human Rights and Migration"
        assert event.decoded("DTSTART") == dt.date(2009, 3, 25)
        assert str(event["LOCATION"]) == "Palais des Nations, Geneva"
    assert Counter(i.language for i in invitations.values()) == {"en": 67, "fr": 67, "es": 66}
    # French in French: a sample.
    french = next(m for m in smtp.messages if invitations[m["Message-ID"]].language == "fr")
    text = next(p for p in french.walk() if p.get_content_type() == "text/plain")
    assert "25–26 mars 2009" in text.get_payload(decode=True).decode()


# --- Workers of the test's own (to kill one, or to point one at a server that is down) ---


class HoldingHandler:
    """An SMTP server's handler that keeps every message, and holds the ``hold_at``-th
    session at MAIL FROM (before any data), or (``hold_quit``) the first QUIT, until
    ``release`` is set."""

    def __init__(self, hold_at=None, hold_quit=False):
        self.messages = []
        self.hold_at = hold_at
        self.hold_quit = hold_quit
        self.sessions = 0
        self.holding = threading.Event()
        self.release = threading.Event()

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        self.sessions += 1
        if self.sessions == self.hold_at:
            self.holding.set()
            while not self.release.is_set():
                await asyncio.sleep(0.02)
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_QUIT(self, server, session, envelope):
        if self.hold_quit and not self.release.is_set():
            self.holding.set()
            while not self.release.is_set():
                await asyncio.sleep(0.02)
        return "221 Bye"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"

    def message_ids(self):
        return [message["Message-ID"] for message in self.messages]


class Worker:
    """A Celery worker process started by the test, with the same command line as the
    session's (tests/conftest.py), on the run's queue, against the test database."""

    def __init__(self, name, smtp_port, **environment):
        self.hostname = f"{name}-{os.getpid()}@localhost"
        env = {
            **os.environ,
            "DATABASE_URL": _database_url(connection.settings_dict),
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
            "MAIL_RETRY_BACKOFF": "1",
            "MAIL_RETRY_BACKOFF_MAX": "1",
            "MAIL_MAX_ATTEMPTS": "3",
            "EMAIL_TIMEOUT": "5",
            **environment,
        }
        self.log_path = ROOT / "var" / f"{name}-{os.getpid()}.log"
        self.log_path.parent.mkdir(exist_ok=True)
        self.log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", "idm_portal", "worker",
                "--pool=solo", "--without-gossip", "--without-mingle", "--loglevel=INFO",
                "-Q", settings.CELERY_TASK_DEFAULT_QUEUE, "-n", self.hostname,
            ],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip

    def kill(self):
        self.process.kill()  # SIGKILL: no warm shutdown, no acknowledgement
        self.process.wait(timeout=20)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()  # warm shutdown: the task at hand is finished first
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=20)
        self.log.close()


@pytest.fixture
def workers():
    """Start workers with ``workers.start(...)``; each is stopped, and the queue emptied,
    before the test's tables are flushed."""
    started = []

    class Workers:
        @staticmethod
        def start(name, smtp_port, **environment):
            worker = Worker(name, smtp_port, **environment)
            started.append(worker)
            return worker

    _purge_queue()
    yield Workers
    for worker in started:
        worker.stop()
    _purge_queue()


@pytest.fixture
def holding_smtp():
    handler = HoldingHandler(hold_at=150)
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller
    handler.release.set()
    controller.stop()


def test_invitations_500_with_the_worker_killed_mid_batch_arrive_once_each(
    workers, holding_smtp, secretariat
):
    handler = holding_smtp.handler
    workshop = WorkshopFactory(slug="killed-worker")
    _invite(workshop, secretariat, 500)
    assert services.send_invitations(workshop, actor=secretariat) == 500

    first = workers.start("invitations-first", holding_smtp.port)
    # The 150th message is held at MAIL FROM: the worker is in the middle of sending it.
    assert handler.holding.wait(timeout=120), first.log_path.read_text()
    first.kill()
    handler.release.set()
    arrived_before = len(handler.messages)
    assert 0 < arrived_before < 500
    assert arrived_before == 149
    # The row the dead worker was sending, and the rows of its batch it had not sent yet,
    # stay "sending" until the sweep; none of them arrived.
    stuck = set(
        OutgoingMail.objects.filter(template=TEMPLATE, status="sending").values_list(
            "message_id", flat=True
        )
    )
    assert 1 <= len(stuck) <= settings.MAIL_BATCH_SIZE
    assert stuck.isdisjoint(handler.message_ids())

    workers.start("invitations-second", holding_smtp.port)
    # Every other invitation is sent before the sweep runs: a sweep that pretends
    # MAIL_SENDING_TIMEOUT has passed would also take back a row the second worker is sending
    # at that moment.
    wait_for(
        lambda: _sent_count() == 500 - len(stuck),
        timeout=180,
        message="the second worker to send the others",
    )
    # The beat's sweep, run as if MAIL_SENDING_TIMEOUT had passed, queues the stuck rows again.
    later = timezone.now() + timedelta(
        seconds=settings.MAIL_SENDING_TIMEOUT + settings.MAIL_SWEEP_AFTER + 1
    )
    assert len(outbox.sweep_outbox(now=later)) == len(stuck)
    wait_for(lambda: _sent_count() == 500, timeout=60, message="all 500 invitations sent")

    expected = set(
        OutgoingMail.objects.filter(template=TEMPLATE).values_list("message_id", flat=True)
    )
    assert len(expected) == 500
    assert Invitation.objects.filter(workshop=workshop, mail__isnull=False).count() == 500
    wait_for(lambda: len(handler.messages) >= 500, timeout=30, message="500 messages")
    arrived = Counter(handler.message_ids())
    assert set(arrived) == expected
    assert [mid for mid, count in arrived.items() if count > 1] == []


def test_invitations_with_smtp_down_fail_with_the_error_kept_and_resend_delivers_once(
    workers, client, secretariat
):
    port = free_port()  # nothing listens there yet: the SMTP server is down
    workshop = WorkshopFactory(slug="smtp-down")
    _invite(workshop, secretariat, 3)
    assert services.send_invitations(workshop, actor=secretariat) == 3
    workers.start("invitations-smtp-down", port)

    wait_for(
        lambda: OutgoingMail.objects.filter(template=TEMPLATE, status="failed").count() == 3,
        timeout=60,
        message="3 invitations failed",
    )
    for invitation in Invitation.objects.select_related("mail"):
        assert invitation.mail.attempts == 3
        assert invitation.mail.last_error.startswith("ConnectionRefusedError")
    client.force_login(secretariat)
    url = reverse("workshops:invitations", args=[2009, "smtp-down"])
    page = client.get(url + "?status=failed").content.decode()
    assert page.count("ConnectionRefusedError") == 3

    # The server comes back up; the Secretariat resends the failed invitations.
    handler = HoldingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        response = client.post(
            reverse("workshops:invitations_resend_failed", args=[2009, "smtp-down"])
        )
        assert response.status_code == 302
        page = client.get(url).content.decode()
        assert "3 failed invitations are queued again." in page
        wait_for(lambda: _sent_count() == 3, timeout=60, message="3 invitations sent")
        expected = set(
            OutgoingMail.objects.filter(template=TEMPLATE).values_list("message_id", flat=True)
        )
        wait_for(lambda: len(handler.messages) >= 3, timeout=30, message="3 messages")
        assert sorted(handler.message_ids()) == sorted(expected)
    finally:
        controller.stop()
    for invitation in Invitation.objects.select_related("mail"):
        assert invitation.mail.status == "sent"
        assert invitation.mail.attempts == 1
        assert invitation.mail.last_error == ""


def test_an_invitation_is_marked_sent_before_the_smtp_quit(workers, secretariat):
    """The duplicate window: the row is marked sent right after the server's 250 to the
    data, before the QUIT round trip; a worker dying during QUIT sends nothing twice."""
    handler = HoldingHandler(hold_quit=True)
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        workshop = WorkshopFactory(slug="quit-later")
        _invite(workshop, secretariat, 1)
        services.send_invitations(workshop, actor=secretariat)
        worker = workers.start("invitations-quit", controller.port)
        assert handler.holding.wait(timeout=120), worker.log_path.read_text()
        mail = Invitation.objects.select_related("mail").get().mail
        assert handler.message_ids() == [mail.message_id]
        assert mail.status == "sent"  # while the server still holds the QUIT
        worker.kill()
        later = timezone.now() + timedelta(
            seconds=settings.MAIL_SENDING_TIMEOUT + settings.MAIL_SWEEP_AFTER + 1
        )
        assert outbox.sweep_outbox(now=later) == []  # nothing to send again
    finally:
        handler.release.set()
        controller.stop()

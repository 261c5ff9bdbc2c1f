"""The outbox end to end: a real Redis broker, a real Celery worker process and a real SMTP
server on loopback (aiosmtpd)."""

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from idm_portal.core.models import OutgoingMail
from idm_portal.core.services import outbox
from idm_portal.core.tasks import deliver_mail_task
from tests.conftest import ROOT, _database_url, wait_for
from tests.factories import UserFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def queue(to="dana@example.org"):
    return outbox.queue_mail(
        to=to, template="core/email/test", context={"name": "Dana"}, language="en"
    )


def status_of(mail):
    return OutgoingMail.objects.values_list("status", flat=True).get(pk=mail.pk)


def wait_until_settled(mail, timeout=30):
    wait_for(
        lambda: status_of(mail) in (OutgoingMail.Status.SENT, OutgoingMail.Status.FAILED),
        timeout=timeout,
        message=f"mail {mail.pk} to be sent or failed",
    )
    mail.refresh_from_db()
    return mail


def drain(smtp):
    """Wait until the worker has handled every task queued before this call: a marker mail
    queued last is delivered last (the worker's pool handles one task at a time, in order)."""
    marker = queue(to="marker@example.org")
    wait_until_settled(marker)
    smtp.messages[:] = [m for m in smtp.messages if m["Message-ID"] != marker.message_id]


def test_a_mail_is_delivered_once(celery_worker, smtp):
    mail = wait_until_settled(queue())
    assert mail.status == OutgoingMail.Status.SENT
    drain(smtp)
    assert smtp.message_ids() == [mail.message_id]
    message = smtp.messages[0]
    assert message["To"] == "dana@example.org"
    assert message["Subject"] == "IDM Portal: test message"
    text = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    assert (
        "This is a test message from the IDM Portal outbox."
        in text.get_payload(decode=True).decode()
    )


def test_the_same_task_sent_twice_delivers_one_message(celery_worker, smtp):
    mail = queue()
    deliver_mail_task.apply_async(args=[mail.pk])
    deliver_mail_task.apply_async(args=[mail.pk])
    wait_until_settled(mail)
    drain(smtp)
    assert smtp.message_ids() == [mail.message_id]
    mail.refresh_from_db()
    assert mail.attempts == 1


def test_a_451_then_250_delivers_after_a_retry(celery_worker, smtp):
    smtp.reset(replies=["451 4.3.0 Mailbox busy, try again later"])
    mail = wait_until_settled(queue())
    assert mail.status == OutgoingMail.Status.SENT
    assert mail.attempts == 2
    drain(smtp)
    assert smtp.message_ids() == [mail.message_id]


def test_a_550_leaves_the_mail_failed_with_the_reply_kept(celery_worker, smtp):
    smtp.reset(replies=["550 5.1.1 No such user here"])
    mail = wait_until_settled(queue())
    assert mail.status == OutgoingMail.Status.FAILED
    assert mail.attempts == 1
    assert mail.last_error == "550 5.1.1 No such user here"
    drain(smtp)
    assert smtp.messages == []


def test_with_the_broker_down_the_request_answers_and_the_sweep_sends_later(celery_worker, smtp):
    """A password-reset request made by a portal process whose broker URL points at a closed
    port: it answers (having tried the broker once and given up, as its log says) and its
    mail waits, queued, until the sweep."""
    UserFactory(email="forgetful@example.org")
    script = (
        "import logging\n"
        "from django.test import Client\n"
        "said = []\n"
        "handler = logging.Handler()\n"
        "handler.emit = lambda record: said.append(record.getMessage())\n"
        "logging.getLogger('idm_portal.core.queue').addHandler(handler)\n"
        "response = Client().post('/en/accounts/password/reset/',"
        " {'email': 'forgetful@example.org'})\n"
        "print(response.status_code, sum('not queued (broker unreachable)' in s for s in said))\n"
    )
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(connection.settings_dict),
        "CELERY_BROKER_URL": "redis://127.0.0.1:1/0",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    status, refused = result.stdout.split()[-2:]
    assert status == "302"
    assert refused == "1"  # the one task the request asked for, refused, not retried
    mail = OutgoingMail.objects.get(to="forgetful@example.org")
    assert mail.status == OutgoingMail.Status.QUEUED
    assert mail.subject.endswith("Password Reset Email")

    # The worker has handled every task queued until now (a marker mail queued after it is
    # delivered): nothing picked the mail up.
    drain(smtp)
    assert status_of(mail) == OutgoingMail.Status.QUEUED
    later = timezone.now() + timedelta(seconds=settings.MAIL_SWEEP_AFTER + 1)
    assert outbox.sweep_outbox(now=later) == [mail.pk]
    assert wait_until_settled(mail).status == OutgoingMail.Status.SENT
    drain(smtp)
    assert smtp.message_ids() == [mail.message_id]

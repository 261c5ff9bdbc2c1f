"""The outbox's claim against the sweep, in-process with two threads (two database
connections) and the real SMTP server on loopback: a send in flight is never taken back, a
worker that lost its claim sends nothing, and each Message-ID arrives once, its row "sent"."""

import threading
from datetime import timedelta

import pytest
from django.core.mail.backends.smtp import EmailBackend
from django.db import connection
from django.utils import timezone

from idm_portal.core.models import OutgoingMail
from idm_portal.core.services import outbox

pytestmark = pytest.mark.django_db(transaction=True)


class PausingBackend(EmailBackend):
    """The real SMTP backend, with two places where a test holds the worker: ``at_open``
    (after the claim, before the send begins) and ``at_send`` (in the middle of the send)."""

    pause_at = None
    reached = None
    release = None

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._hold("open")

    def send_messages(self, messages):
        self._hold("send")
        return super().send_messages(messages)

    @classmethod
    def _hold(cls, place):
        if cls.pause_at == place:
            cls.pause_at = None  # the first worker only
            cls.reached.set()
            assert cls.release.wait(timeout=30)


@pytest.fixture
def pausing(settings, smtp, smtp_server):
    settings.EMAIL_BACKEND = f"{__name__}.PausingBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    PausingBackend.reached = threading.Event()
    PausingBackend.release = threading.Event()
    yield PausingBackend
    PausingBackend.release.set()
    PausingBackend.pause_at = None


def _in_thread(function, *args):
    """Run ``function`` in a thread with its own database connection; returns the thread and
    a one-item list that receives the result."""
    result = []

    def run():
        try:
            result.append(function(*args))
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, result


def _queue():
    return outbox.queue_mail(
        to="dana@example.org", template="core/email/test", context={"name": "Dana"}, language="en"
    )


def _long_after():
    return timezone.now() + timedelta(hours=2)


def test_a_send_in_flight_is_not_taken_back_by_the_sweep_and_arrives_once(pausing, smtp):
    mail = _queue()
    pausing.pause_at = "send"
    sender, sent = _in_thread(outbox.deliver_mail, mail.pk)
    assert pausing.reached.wait(timeout=30)
    # The send is in flight; the sweep runs as if MAIL_SENDING_TIMEOUT had long passed.
    assert outbox.sweep_outbox(now=_long_after()) == []
    assert OutgoingMail.objects.get(pk=mail.pk).status == OutgoingMail.Status.SENDING
    # The same task delivered again meanwhile (a redelivery by the broker) sends nothing.
    assert outbox.deliver_mail(mail.pk) is None
    pausing.release.set()
    sender.join(timeout=30)
    assert sent[0].status == OutgoingMail.Status.SENT
    mail.refresh_from_db()
    assert (mail.status, mail.attempts, mail.last_error) == ("sent", 1, "")
    assert smtp.message_ids() == [mail.message_id]
    assert outbox.sweep_outbox(now=_long_after()) == []


def test_a_worker_that_lost_its_claim_to_the_sweep_sends_nothing(pausing, smtp):
    mail = _queue()
    pausing.pause_at = "open"  # claimed, the send not begun: the worker stalls there
    stalled, result = _in_thread(outbox.deliver_mail, mail.pk)
    assert pausing.reached.wait(timeout=30)
    assert OutgoingMail.objects.get(pk=mail.pk).status == OutgoingMail.Status.SENDING
    # The sweep takes the stalled row back; the task it queues is delivered by another worker.
    assert outbox.sweep_outbox(now=_long_after()) == [mail.pk]
    assert outbox.deliver_mail(mail.pk).status == OutgoingMail.Status.SENT
    pausing.release.set()
    stalled.join(timeout=30)
    assert result == [None]  # its claim was lost: it sent nothing
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == ("sent", 2)
    assert smtp.message_ids() == [mail.message_id]


def test_a_claim_taken_back_by_the_sweep_mid_batch_is_not_sent_by_that_worker(pausing, smtp):
    first, second, third = _queue(), _queue(), _queue()
    pausing.pause_at = "send"  # the worker holds in the middle of sending the first
    sender, sent = _in_thread(outbox.deliver_mails, [first.pk, second.pk, third.pk])
    assert pausing.reached.wait(timeout=30)
    # The sweep (as if MAIL_SENDING_TIMEOUT had passed) skips the row in flight and takes
    # back the two waiting their turn; another worker sends them.
    assert sorted(outbox.sweep_outbox(now=_long_after())) == [second.pk, third.pk]
    assert [mail.pk for mail in outbox.deliver_mails([second.pk, third.pk])] == [
        second.pk,
        third.pk,
    ]
    pausing.release.set()
    sender.join(timeout=30)
    assert [mail.pk for mail in sent[0]] == [first.pk]  # the others were not its to send
    assert sorted(smtp.message_ids()) == sorted(m.message_id for m in (first, second, third))
    assert set(OutgoingMail.objects.values_list("status", flat=True)) == {"sent"}
    assert OutgoingMail.objects.get(pk=second.pk).attempts == 2

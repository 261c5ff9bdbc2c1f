"""The outbox delivers in batches, in-process against the real SMTP server on loopback: many
mails over one SMTP connection, a connection the server drops mid-batch, one refused message
in a batch, and the pacing that keeps MAIL_RATE_LIMIT."""

from collections import Counter

import pytest
from aiosmtpd.controller import Controller

from idm_portal.core.models import OutgoingMail
from idm_portal.core.services import outbox
from tests.conftest import RecordingHandler, free_port

pytestmark = pytest.mark.django_db


def _use_smtp(settings, port):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.MAIL_RATE_LIMIT = ""


def _queue(count):
    return [
        outbox.queue_mail(
            to=f"invitee-{number}@example.org",
            template="core/email/test",
            context={"name": f"Invitee {number}"},
            language="en",
            enqueue=False,
        )
        for number in range(count)
    ]


def _statuses(mails):
    return Counter(
        OutgoingMail.objects.filter(pk__in=[mail.pk for mail in mails]).values_list(
            "status", flat=True
        )
    )


def test_a_batch_of_120_goes_over_one_smtp_connection(settings, smtp, smtp_server):
    _use_smtp(settings, smtp_server.port)
    settings.MAIL_BATCH_SIZE = 50  # three claims (50, 50, 20), one connection
    mails = _queue(120)
    delivered = outbox.deliver_mails([mail.pk for mail in mails])
    assert len(delivered) == 120
    assert smtp.connections() == 1
    assert Counter(smtp.message_ids()) == Counter({mail.message_id: 1 for mail in mails})
    assert _statuses(mails) == {"sent": 120}
    # Delivered again (the broker redelivers the task): nothing more is sent.
    assert outbox.deliver_mails([mail.pk for mail in mails]) == []
    assert len(smtp.messages) == 120


class DroppingHandler(RecordingHandler):
    """Closes the connection at the ``drop_at``-th MAIL FROM (once), before any data."""

    def __init__(self, drop_at):
        super().__init__()
        self.drop_at = drop_at
        self.mails = 0

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        self.mails += 1
        if self.mails == self.drop_at:
            server.transport.close()
            return "421 Closing transmission channel"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"


@pytest.fixture
def dropping_smtp():
    controller = Controller(DroppingHandler(drop_at=7), hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller
    controller.stop()


def test_a_connection_dropped_mid_batch_is_opened_again_and_each_mail_arrives_once(
    settings, dropping_smtp
):
    _use_smtp(settings, dropping_smtp.port)
    handler = dropping_smtp.handler
    mails = _queue(20)
    delivered = outbox.deliver_mails([mail.pk for mail in mails])
    assert len(delivered) == 20
    assert Counter(handler.message_ids()) == Counter({mail.message_id: 1 for mail in mails})
    assert handler.connections() == 2  # the first, dropped at the 7th mail; then one more
    assert _statuses(mails) == {"sent": 20}
    assert set(OutgoingMail.objects.values_list("attempts", flat=True)) == {1}


def test_one_refused_mail_fails_with_its_reply_and_the_others_of_the_batch_are_sent(
    settings, smtp, smtp_server
):
    _use_smtp(settings, smtp_server.port)
    mails = _queue(5)
    smtp.reset(replies=[None, None, "550 5.1.1 Mailbox unavailable"])
    delivered = outbox.deliver_mails([mail.pk for mail in mails])
    assert [mail.status for mail in delivered] == ["sent", "sent", "failed", "sent", "sent"]
    refused = OutgoingMail.objects.get(pk=mails[2].pk)
    assert (refused.status, refused.last_error) == ("failed", "550 5.1.1 Mailbox unavailable")
    assert sorted(smtp.message_ids()) == sorted(
        mail.message_id for index, mail in enumerate(mails) if index != 2
    )
    assert smtp.connections() == 1


def test_a_passing_error_in_a_batch_queues_that_mail_again_and_the_batch_goes_on(
    settings, smtp, smtp_server, django_capture_on_commit_callbacks
):
    _use_smtp(settings, smtp_server.port)
    mails = _queue(3)
    smtp.reset(replies=["451 4.3.0 Try again later"])
    with django_capture_on_commit_callbacks() as callbacks:
        delivered = outbox.deliver_mails([mail.pk for mail in mails])
    assert [mail.status for mail in delivered] == ["queued", "sent", "sent"]
    assert OutgoingMail.objects.get(pk=mails[0].pk).last_error == "451 4.3.0 Try again later"
    assert [callback.args for callback in callbacks] == [(mails[0].pk,)]  # its retry alone


def test_the_rate_limit_paces_the_messages_of_a_batch(settings, monkeypatch):
    """MAIL_RATE_LIMIT "600/m": 0.1 s between two messages. The clock is the test's: it
    moves only when the batch sleeps, so the sleeps asked are the pacing computed."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MAIL_RATE_LIMIT = "600/m"
    slept = []

    class Clock:
        now = 1000.0

        @classmethod
        def monotonic(cls):
            return cls.now

        @classmethod
        def sleep(cls, seconds):
            slept.append(seconds)
            cls.now += seconds

    monkeypatch.setattr(outbox.delivery, "time", Clock)
    mails = _queue(4)
    assert len(outbox.deliver_mails([mail.pk for mail in mails])) == 4
    assert slept == [pytest.approx(0.1)] * 3
    assert _statuses(mails) == {"sent": 4}


def test_send_interval_and_claim_size_follow_the_settings(settings):
    assert outbox.send_interval("") == 0
    assert outbox.send_interval("600/m") == pytest.approx(0.1)
    assert outbox.send_interval("10/s") == pytest.approx(0.1)
    assert outbox.send_interval("3600/h") == pytest.approx(1.0)
    settings.MAIL_BATCH_SIZE = 50
    settings.MAIL_SENDING_TIMEOUT = 900
    assert outbox.claim_size(0) == 50
    assert outbox.claim_size(1.0) == 50  # 50 s for a batch: well within 450 s
    assert outbox.claim_size(10.0) == 45  # "6/m": 45 messages fill half the time-out
    assert outbox.claim_size(600.0) == 1


def test_many_mails_go_to_the_broker_as_one_task_per_batch(settings, monkeypatch):
    from idm_portal.core import tasks

    settings.MAIL_BATCH_SIZE = 50
    batches, singles = [], []
    monkeypatch.setattr(
        tasks.deliver_mails_task,
        "apply_async",
        lambda args, kwargs=None, **kw: batches.append(args[0]),
    )
    monkeypatch.setattr(
        tasks.deliver_mail_task,
        "apply_async",
        lambda args, kwargs=None, **kw: singles.append(args[0]),
    )
    assert outbox.enqueue_batch(range(1, 121)) == 3
    assert [len(batch) for batch in batches] == [50, 50, 20]
    assert singles == []
    assert outbox.enqueue_batch([7]) == 1  # a single mail goes out at once, alone
    assert singles == [7]

"""The outbox service, in-process: rendering, claiming, retrying, sweeping."""

import smtplib
from datetime import timedelta

import pytest
from django.core import mail as django_mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from idm_portal.core.models import OutgoingMail
from idm_portal.core.services import outbox


def queue(to="dana@example.org", language="en", **kwargs):
    return outbox.queue_mail(
        to=to, template="core/email/test", context={"name": "Dana"}, language=language, **kwargs
    )


@pytest.mark.django_db
def test_queue_mail_renders_the_three_parts_in_the_recipients_language():
    mail = queue(language="fr")
    assert mail.status == OutgoingMail.Status.QUEUED
    assert mail.language == "fr"
    assert mail.subject == "Portail IDM : message d’essai"
    assert "Bonjour Dana," in mail.body_text
    assert "<p>Bonjour Dana,</p>" in mail.body_html
    assert mail.message_id.startswith("<outbox.")
    assert mail.message_id.endswith(">")


@pytest.mark.django_db
def test_queue_mail_takes_the_language_of_the_user_with_that_address(delegate):
    delegate.preferred_language = "es"
    delegate.save()
    mail = outbox.queue_mail(
        to=delegate.email, template="core/email/test", context={"name": "Dana"}
    )
    assert mail.language == "es"
    assert "Hola Dana," in mail.body_text


@pytest.mark.django_db
def test_queue_mail_enqueues_its_id_only_on_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        mail = queue()
    assert len(callbacks) == 1
    assert callbacks[0].args == (mail.pk,)


@pytest.mark.django_db
def test_deliver_mail_sends_once_and_marks_it_sent(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail = queue(attachments=[("agenda.ics", b"BEGIN:VCALENDAR", "text/calendar")])
    assert outbox.deliver_mail(mail.pk).status == OutgoingMail.Status.SENT
    assert outbox.deliver_mail(mail.pk) is None  # delivered twice: nothing more is sent
    assert len(django_mail.outbox) == 1
    sent = django_mail.outbox[0]
    assert sent.to == ["dana@example.org"]
    assert sent.extra_headers["Message-ID"] == mail.message_id
    assert sent.attachments[0][0] == "agenda.ics"
    mail.refresh_from_db()
    assert mail.attempts == 1
    assert mail.sent_at is not None


class FailingBackend:
    """An e-mail backend that raises the error a test puts in ``error``."""

    error = None

    def __init__(self, **kwargs):
        pass

    def send_messages(self, messages):
        raise FailingBackend.error


@pytest.fixture
def failing_backend(settings):
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    settings.MAIL_MAX_ATTEMPTS = 3
    settings.MAIL_RETRY_BACKOFF = 10
    return FailingBackend


@pytest.mark.django_db
def test_a_passing_smtp_error_queues_the_mail_again_with_backoff(failing_backend):
    failing_backend.error = smtplib.SMTPDataError(451, b"4.3.0 Try again later")
    mail = outbox.deliver_mail(queue().pk)
    assert mail.status == OutgoingMail.Status.QUEUED
    assert mail.last_error == "451 4.3.0 Try again later"
    assert mail.next_attempt_at > timezone.now() + timedelta(seconds=8)


@pytest.mark.django_db
def test_a_passing_error_fails_the_mail_after_the_last_attempt(failing_backend):
    failing_backend.error = TimeoutError("timed out")
    mail = queue()
    for _attempt in range(3):
        outbox.deliver_mail(mail.pk)
    mail.refresh_from_db()
    assert mail.status == OutgoingMail.Status.FAILED
    assert mail.attempts == 3
    assert mail.last_error == "TimeoutError: timed out"


@pytest.mark.django_db
def test_a_permanent_smtp_error_fails_the_mail_at_once(failing_backend):
    failing_backend.error = smtplib.SMTPRecipientsRefused(
        {"dana@example.org": (550, b"5.1.1 No such user")}
    )
    mail = outbox.deliver_mail(queue().pk)
    assert mail.status == OutgoingMail.Status.FAILED
    assert mail.attempts == 1
    assert mail.last_error == "dana@example.org: 550 5.1.1 No such user"


def test_backoff_doubles_and_is_bounded(settings):
    settings.MAIL_RETRY_BACKOFF = 30
    settings.MAIL_RETRY_BACKOFF_MAX = 200
    assert [outbox.backoff_delay(n) for n in (1, 2, 3, 4, 5)] == [30, 60, 120, 200, 200]


@pytest.mark.django_db
def test_retry_is_the_secretariats_and_requeues_a_failed_mail(secretariat, delegate):
    mail = queue()
    OutgoingMail.objects.filter(pk=mail.pk).update(
        status=OutgoingMail.Status.FAILED, attempts=5, last_error="550 no"
    )
    with pytest.raises(PermissionDenied):
        outbox.retry_mail(mail, actor=delegate)
    mail = outbox.retry_mail(mail, actor=secretariat)
    assert mail.status == OutgoingMail.Status.QUEUED
    assert mail.attempts == 0


@pytest.mark.django_db
def test_sweep_enqueues_mails_left_queued_and_requeues_a_lost_send(
    settings, django_capture_on_commit_callbacks
):
    settings.MAIL_SWEEP_AFTER = 60
    settings.MAIL_SENDING_TIMEOUT = 600
    now = timezone.now()
    fresh = queue(to="fresh@example.org")
    waiting = queue(to="waiting@example.org")
    lost = queue(to="lost@example.org")
    OutgoingMail.objects.filter(pk=waiting.pk).update(next_attempt_at=now - timedelta(minutes=5))
    OutgoingMail.objects.filter(pk=lost.pk).update(
        status=OutgoingMail.Status.SENDING,
        claimed_at=now - timedelta(hours=1),
        next_attempt_at=now - timedelta(hours=1),
    )
    with django_capture_on_commit_callbacks() as callbacks:
        enqueued = outbox.sweep_outbox(now=now)
    assert sorted(enqueued) == sorted([waiting.pk, lost.pk])
    assert fresh.pk not in enqueued
    assert len(callbacks) == 1  # one batch task for both
    assert callbacks[0].args == (enqueued,)
    lost.refresh_from_db()
    assert lost.status == OutgoingMail.Status.QUEUED
    assert "worker stopped while sending" in lost.last_error


@pytest.mark.django_db
def test_plain_text_parts_are_not_html_escaped():
    mail = outbox.queue_mail(
        to="dana@example.org",
        template="core/email/test",
        context={"name": "Dana O'Brien & <Co>"},
        language="en",
    )
    assert "Hello Dana O'Brien & <Co>," in mail.body_text
    assert "Dana O&#x27;Brien &amp; &lt;Co&gt;" in mail.body_html

"""The Secretariat's outbox pages: the list filtered by status, a mail, retry."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from idm_portal.core.models import OutgoingMail
from idm_portal.core.services import outbox

pytestmark = pytest.mark.django_db


def queue(to, status=OutgoingMail.Status.QUEUED, error=""):
    mail = outbox.queue_mail(
        to=to, template="core/email/test", context={"name": "X"}, language="en"
    )
    OutgoingMail.objects.filter(pk=mail.pk).update(status=status, last_error=error)
    return mail


@pytest.fixture
def signed_in(client, secretariat):
    client.force_login(secretariat)
    return client


def test_outbox_filters_by_status_and_counts_each(signed_in):
    queue("sent@example.org", OutgoingMail.Status.SENT)
    queue("failed@example.org", OutgoingMail.Status.FAILED, "550 5.1.1 No such user")
    queue("waiting@example.org")
    page = signed_in.get(reverse("core:outbox"), {"status": "failed"}).content.decode()
    assert "failed@example.org" in page
    assert "550 5.1.1 No such user" in page
    assert "sent@example.org" not in page
    assert "waiting@example.org" not in page
    assert "Retry 1 failed mail" in page
    everything = signed_in.get(reverse("core:outbox")).content.decode()
    for address in ("sent@example.org", "failed@example.org", "waiting@example.org"):
        assert address in everything


def test_outbox_filters_by_recipient(signed_in):
    queue("amina@example.org")
    queue("luc@example.org")
    page = signed_in.get(reverse("core:outbox"), {"to": "amina"}).content.decode()
    assert "amina@example.org" in page
    assert "luc@example.org" not in page


def test_outbox_list_makes_the_same_number_of_queries_for_few_and_many_mails(signed_in):
    def queries_for(count):
        for number in range(count):
            queue(f"person{number}@example.org")
        with CaptureQueriesContext(connection) as context:
            assert signed_in.get(reverse("core:outbox")).status_code == 200
        return len(context.captured_queries)

    assert queries_for(2) == queries_for(60) == 7


def test_retrying_a_failed_mail_from_its_page_queues_it_again(
    signed_in, django_capture_on_commit_callbacks
):
    mail = queue("failed@example.org", OutgoingMail.Status.FAILED, "550 no")
    detail = signed_in.get(reverse("core:outbox_detail", args=[mail.pk])).content.decode()
    assert "550 no" in detail
    assert "Hello X," in detail
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = signed_in.post(reverse("core:outbox_retry", args=[mail.pk]), follow=True)
    assert "The mail to failed@example.org is queued again." in response.content.decode()
    mail.refresh_from_db()
    assert mail.status == OutgoingMail.Status.QUEUED
    assert len(callbacks) == 1


def test_retrying_a_sent_mail_is_refused_with_a_message(signed_in):
    mail = queue("sent@example.org", OutgoingMail.Status.SENT)
    response = signed_in.post(reverse("core:outbox_retry", args=[mail.pk]), follow=True)
    assert "Only a failed mail can be retried." in response.content.decode()
    mail.refresh_from_db()
    assert mail.status == OutgoingMail.Status.SENT


def test_send_me_a_test_email_queues_one_to_the_secretariat_member(signed_in, secretariat):
    response = signed_in.post(reverse("core:outbox_send_test"), follow=True)
    assert "A test e-mail to secretariat@example.org is queued." in response.content.decode()
    mail = OutgoingMail.objects.get()
    assert mail.to == "secretariat@example.org"
    assert mail.subject == "IDM Portal: test message"


def test_profile_changes_the_language_of_later_mails(client, delegate):
    client.force_login(delegate)
    response = client.post(
        reverse("core:profile"), {"name": "Dana D.", "preferred_language": "es"}, follow=True
    )
    assert "Your profile is saved." in response.content.decode()
    mail = outbox.queue_mail(
        to=delegate.email, template="core/email/test", context={"name": "Dana"}
    )
    assert mail.language == "es"
    assert mail.subject == "Portal IDM: mensaje de prueba"


def test_profile_refuses_an_empty_name(client, delegate):
    client.force_login(delegate)
    response = client.post(reverse("core:profile"), {"name": "", "preferred_language": "fr"})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    delegate.refresh_from_db()
    assert delegate.preferred_language == "en"

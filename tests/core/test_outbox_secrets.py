"""Accounts: no reset or verification link can be read from the outbox (issue 12, item 2).
The stored mail and its pages show "[withheld secret N]"; the message sent has the link,
which works."""

import re

import pytest
from django.db import connection
from django.urls import reverse

from idm_portal.core.models import OutgoingMail, User
from idm_portal.core.services import outbox
from tests.factories import PASSWORD

RESET_LINK = re.compile(r"http://\S+/accounts/password/reset/key/(\S+)/")
VERIFY_LINK = re.compile(r"http://\S+/accounts/confirm-email/(\S+)/")


@pytest.fixture
def smtp_delivery(settings, smtp, smtp_server):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_server.port
    return smtp


def rows_containing(text):
    """Every outbox row whose whole stored record (any column) contains ``text``."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM core_outgoingmail AS mail WHERE mail::text LIKE %s",
            [f"%{text}%"],
        )
        return cursor.fetchone()[0]


def deliver(mail, smtp):
    outbox.deliver_mail(mail.pk)
    return smtp.messages[-1].get_body(("plain",)).get_content()


def test_a_password_reset_link_is_withheld_from_the_outbox_and_works(
    client, delegate, secretariat, smtp_delivery
):
    client.post(reverse("account_reset_password"), {"email": delegate.email})
    mail = OutgoingMail.objects.get(to=delegate.email)
    assert "[withheld secret 1]" in mail.body_text
    assert "/accounts/password/reset/key/" not in mail.body_text
    assert mail.sealed_secrets

    sent_text = deliver(mail, smtp_delivery)
    link, token = RESET_LINK.search(sent_text).group(0), RESET_LINK.search(sent_text).group(1)
    key = token.rpartition("-")[2]
    assert len(key) > 20
    assert "[withheld secret" not in sent_text
    # Nowhere in the table, in any column; erased once sent.
    assert rows_containing(key) == 0
    assert OutgoingMail.objects.get(pk=mail.pk).sealed_secrets == ""
    # Nor on the Secretariat's pages.
    client.force_login(secretariat)
    for url in (reverse("core:outbox_detail", args=[mail.pk]), reverse("core:outbox")):
        assert key not in client.get(url).content.decode()
    page = client.get(reverse("core:outbox_detail", args=[mail.pk])).content.decode()
    assert "[withheld secret 1]" in page
    admin_page = client.get(reverse("admin:core_outgoingmail_change", args=[mail.pk]))
    assert key not in admin_page.content.decode()
    client.logout()

    # The recipient's link works.
    response = client.get(link.replace("http://testserver", ""), follow=True)
    assert "Change password" in response.content.decode()
    response = client.post(
        response.redirect_chain[-1][0],
        {"password1": "a-brand-new-password-77", "password2": "a-brand-new-password-77"},
    )
    assert response.status_code == 302
    assert User.objects.get(pk=delegate.pk).check_password("a-brand-new-password-77")


def test_a_verification_link_is_withheld_from_the_outbox_and_works(
    client, secretariat, smtp_delivery
):
    client.post(
        reverse("account_signup"),
        {
            "email": "newcomer@example.org",
            "name": "Nora Newcomer",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    mail = OutgoingMail.objects.get(to="newcomer@example.org")
    assert "[withheld secret 1]" in mail.body_text
    sent_text = deliver(mail, smtp_delivery)
    match = VERIFY_LINK.search(sent_text)
    link, key = match.group(0), match.group(1)
    assert rows_containing(key) == 0
    client.force_login(secretariat)
    assert key not in client.get(reverse("core:outbox_detail", args=[mail.pk])).content.decode()
    client.logout()
    page = client.get(link.replace("http://testserver", ""))
    assert "Confirm email address" in page.content.decode()
    client.post(link.replace("http://testserver", ""))
    user = User.objects.get(email="newcomer@example.org")
    assert user.emailaddress_set.get().verified


def test_a_failed_mail_keeps_its_secret_sealed_for_a_retry(settings, delegate, client, smtp):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 1  # nothing listens: refused, an error that can pass
    client.post(reverse("account_reset_password"), {"email": delegate.email})
    mail = outbox.deliver_mail(OutgoingMail.objects.get(to=delegate.email).pk)
    assert mail.status == OutgoingMail.Status.QUEUED
    assert mail.sealed_secrets


def test_seal_secrets_withholds_a_link_whole_and_its_html_form():
    link = "https://idm.example/accounts/confirm-email/MQ:abc&def/"
    (text, html), sealed = outbox.seal_secrets(
        [link, "MQ:abc&def"], f"Open {link} now", f'<a href="{link.replace("&", "&amp;")}">'
    )
    assert text == "Open [withheld secret 1] now"
    assert html == '<a href="[withheld secret 1]">'
    assert "abc" not in sealed

"""E-mails link to the recipient's language: a French delegate who asks for a password reset
from an English page gets a French e-mail whose link opens the French page."""

import re

from django.urls import reverse

from idm_portal.core.models import OutgoingMail
from tests.core.test_outbox_secrets import deliver, smtp_delivery  # noqa: F401 - a fixture

LINK = re.compile(r"http://\S+/accounts/password/reset/key/\S+/")


def test_a_reset_link_asked_for_on_an_english_page_opens_the_recipients_language(
    client,
    delegate,
    smtp_delivery,  # noqa: F811
):
    delegate.preferred_language = "fr"
    delegate.save(update_fields=["preferred_language"])
    assert reverse("account_reset_password").startswith("/en/")
    client.post(reverse("account_reset_password"), {"email": delegate.email})
    mail = OutgoingMail.objects.get(to=delegate.email)
    assert mail.language == "fr"

    link = LINK.search(deliver(mail, smtp_delivery)).group(0)
    assert "/fr/accounts/password/reset/key/" in link
    response = client.get(link.replace("http://testserver", ""), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith("/fr/")

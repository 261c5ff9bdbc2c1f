"""What a person does in the pages: sign up, verify the e-mail address (the mail read from
the outbox), sign out, sign in, switch the language. Headless Chromium on a live server."""

import re

import pytest
from django.core import mail as sent_mail
from playwright.sync_api import expect

from idm_portal.core.models import OutgoingMail, User
from idm_portal.core.services import outbox

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "amina.delegate@example.org"
PASSWORD = "Geneva-workshop-2009!"


def test_sign_up_verify_sign_in_and_switch_language(live_server, page, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    page.goto(f"{live_server.url}/en/")
    page.get_by_role("link", name="Sign up").click()
    page.locator("input[name=name]").fill("Amina Delegate")
    page.locator("input[name=email]").fill(EMAIL)
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()

    mail = OutgoingMail.objects.get(to=EMAIL)
    assert mail.subject == "Please Confirm Your Email Address"
    assert mail.language == "en"
    # The outbox keeps the link withheld; the message the worker sends has it.
    assert "[withheld secret 1]" in mail.body_text
    outbox.deliver_mail(mail.pk)
    sent = sent_mail.outbox[-1].body
    link = re.search(r"https?://\S+/en/accounts/confirm-email/\S+/", sent).group(0)

    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    user_menu = page.locator("#user-menu")
    expect(user_menu).to_have_text("Amina Delegate")
    user = User.objects.get(email=EMAIL)
    assert user.name == "Amina Delegate"
    assert user.emailaddress_set.get().verified

    user_menu.click()
    expect(page.locator(".dropdown-header")).to_have_text("Delegate")
    page.get_by_role("link", name="Sign out").click()
    page.get_by_role("button", name="Sign Out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()

    page.get_by_role("link", name="Sign in").click()
    page.locator("input[name=login]").fill(EMAIL)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.locator("#user-menu")).to_have_text("Amina Delegate")

    page.get_by_role("button", name="FR").click()
    expect(page).to_have_url(f"{live_server.url}/fr/")
    expect(page.get_by_role("link", name="Ateliers")).to_be_visible()
    page.get_by_role("button", name="ES").click()
    expect(page).to_have_url(f"{live_server.url}/es/")
    expect(page.get_by_role("link", name="Talleres")).to_be_visible()


def test_signing_up_in_french_sends_the_verification_mail_in_french(live_server, page):
    page.goto(f"{live_server.url}/fr/accounts/signup/")
    page.locator("input[name=name]").fill("Luc Délégué")
    page.locator("input[name=email]").fill("luc@example.org")
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.get_by_role("button", name="Création de compte").click()
    expect(page).to_have_url(re.compile(r"/fr/accounts/confirm-email/$"))
    mail = OutgoingMail.objects.get(to="luc@example.org")
    assert mail.language == "fr"
    assert mail.subject == "Confirmez votre adresse e-mail"
    assert User.objects.get(email="luc@example.org").preferred_language == "fr"

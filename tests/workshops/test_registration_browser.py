"""A delegate's registration as they do it: sign up, verify the e-mail address (the mail
read from the outbox), register for workshop 2, find it under "My registrations", cancel
it. Headless Chromium on a live server."""

import datetime as dt
import re

import pytest
from django.core import mail as sent_mail
from django.utils import timezone
from playwright.sync_api import expect

from idm_portal.core.models import Organization, OutgoingMail
from idm_portal.core.services import outbox
from tests.factories import OrganizationFactory, SecretariatFactory, WorkshopFactory
from workshops.models import Registration
from workshops.services import visa_letters

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("static_files_by_name"),
]

EMAIL = "amina.delegate@example.org"
PASSWORD = "Geneva-workshop-2009!"


@pytest.fixture
def workshop_2():
    now = timezone.now()
    return WorkshopFactory(
        ordinal=2,
        title="Migration and Transnationalism",
        slug="transnationalism",
        capacity=100,
        registration_opens=now - dt.timedelta(days=1),
        registration_closes=now + dt.timedelta(days=30),
    )


def test_delegate_signs_up_registers_and_cancels(live_server, page, workshop_2, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OrganizationFactory(name="Migrants' Rights Network", kind=Organization.Kind.NGO)

    page.goto(f"{live_server.url}/en/accounts/signup/")
    page.locator("input[name=name]").fill("Amina Delegate")
    page.locator("input[name=email]").fill(EMAIL)
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()
    mail = OutgoingMail.objects.get(to=EMAIL)
    # The outbox keeps the link withheld (issue 12); the message the worker sends has it.
    outbox.deliver_mail(mail.pk)
    sent = sent_mail.outbox[-1].body
    link = re.search(r"https?://\S+/en/accounts/confirm-email/\S+/", sent).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator("#user-menu")).to_have_text("Amina Delegate")

    page.goto(f"{live_server.url}{workshop_2.get_absolute_url()}")
    page.get_by_role("link", name="Register for this workshop").click()
    expect(
        page.get_by_role("heading", name="Register for Migration and Transnationalism")
    ).to_be_visible()
    expect(page.get_by_label("E-mail address")).to_have_value(EMAIL)
    page.get_by_label("Name as it should appear on the badge").fill("Amina Delegate")
    page.get_by_label("Position").fill("Policy officer")
    page.get_by_label("Organization*", exact=True).select_option(label="Migrants' Rights Network")
    page.get_by_label("I need a visa support letter").check()
    page.get_by_role("button", name="Register").click()

    expect(page.get_by_role("heading", name="My registrations")).to_be_visible()
    expect(page.get_by_role("status")).to_have_text(
        "You are registered: your registration is confirmed."
    )
    row = page.locator("table.my-registrations tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Migration and Transnationalism")
    expect(row.locator(".status")).to_have_text("Confirmed")
    # The letter waits for the passport details, then for the Secretariat's approval.
    expect(row.locator(".visa-letter-missing li")).to_have_text(["Enter your passport details"])
    expect(row.get_by_role("link", name="Visa support letter (PDF)")).to_have_count(0)
    row.get_by_role("link", name="Passport details").click()
    page.get_by_label("Name as written in the passport").fill("DELEGATE Amina")
    page.get_by_label("Nationality").select_option(label="Morocco")
    page.get_by_label("Passport number").fill("MA1234567")
    page.get_by_label("Date of birth").fill("1985-02-03")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_have_text("Your passport details are saved.")
    expect(row.locator(".visa-letter-missing li")).to_have_text(
        ["Waiting for the Secretariat's approval"]
    )
    registration = Registration.objects.get()
    assert registration.person.email == EMAIL
    assert registration.status == "confirmed"
    assert registration.category == "ngo"
    assert registration.passport_details.passport_number == "MA1234567"
    visa_letters.approve_visa_letters([registration.pk], actor=SecretariatFactory())
    page.reload()
    expect(row.locator(".visa-letter-missing")).to_have_count(0)
    expect(row.get_by_role("link", name="Visa support letter (PDF)")).to_be_visible()

    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="Cancel registration").click()
    expect(page.get_by_role("status")).to_have_text("Your registration is cancelled.")
    expect(row.locator(".status")).to_have_text("Cancelled")
    expect(row.get_by_role("button", name="Cancel registration")).to_have_count(0)
    registration.refresh_from_db()
    assert registration.status == "cancelled"

    page.goto(f"{live_server.url}{workshop_2.get_absolute_url()}")
    expect(page.get_by_role("link", name="Register for this workshop")).to_be_visible()

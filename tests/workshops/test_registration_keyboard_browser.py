"""A delegate registers with the keyboard only, and a failed form is explained: an error
summary at the top (role="alert", focused, a link to each field in error), the required
Organization field marked. Headless Chromium on a live server."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from idm_portal.core.models import Organization
from tests.factories import OrganizationFactory, WorkshopFactory
from tests.workshops.test_editor_browser import keyboard_sign_in, tab_to
from workshops.models import Registration

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("static_files_by_name"),
]


def test_a_delegate_registers_by_keyboard_after_an_error_summary(live_server, page, delegate):
    now = timezone.now()
    workshop = WorkshopFactory(
        title="Migration and Transnationalism",
        slug="transnationalism",
        capacity=100,
        registration_opens=now - dt.timedelta(days=1),
        registration_closes=now + dt.timedelta(days=30),
    )
    OrganizationFactory(name="Migrants' Rights Network", kind=Organization.Kind.NGO)
    keyboard_sign_in(page, live_server, delegate.email)
    page.goto(f"{live_server.url}{workshop.get_absolute_url()}")
    tab_to(page, page.get_by_role("link", name="Register for this workshop"))
    page.keyboard.press("Enter")
    # The required mark of crispy forms, on the field that needs a choice or a proposal.
    expect(page.locator("label[for=id_organization] .asteriskField")).to_have_text("*")
    expect(page.locator("#id_organization")).to_have_attribute("aria-required", "true")
    expect(page.locator(".registration-form")).not_to_contain_text("Leave it empty")

    badge = page.locator("#id_badge_name")
    tab_to(page, badge)
    page.keyboard.press("Control+A")
    page.keyboard.type("Dana Delegate")
    page.keyboard.press("Enter")  # sent without an organization

    summary = page.locator("#error-summary")
    expect(summary).to_have_attribute("role", "alert")
    expect(summary).to_be_focused()
    link = summary.get_by_role("link", name="Organization: Choose your organization")
    expect(link).to_be_visible()
    tab_to(page, link)
    page.keyboard.press("Enter")
    organization = page.locator("#id_organization")
    expect(organization).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(organization.locator("option:checked")).to_have_text("Migrants' Rights Network")
    tab_to(page, page.get_by_role("button", name="Register", exact=True))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="My registrations")).to_be_visible()
    registration = Registration.objects.get()
    assert registration.organization.name == "Migrants' Rights Network"
    assert registration.person == delegate

"""The Secretariat cancels a workshop as they would: from the workshop's page to "Manage the
workshop", the Status tab, "Cancelled", the confirmation that names who will be told, "Yes".
Headless Chromium on a live server."""

import pytest
from playwright.sync_api import expect

from idm_portal.core.models import OutgoingMail
from tests.conftest import browser_sign_in
from tests.factories import SecretariatFactory
from tests.workshops.lifecycle_fixtures import (
    CANCELLED_TEMPLATE,
    add_invitations,
    add_registrations,
    open_workshop,
)
from workshops.models import Registration, Workshop

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("static_files_by_name"),
]


def test_the_secretariat_cancels_a_workshop_after_seeing_who_will_be_told(live_server, page):
    secretary = SecretariatFactory(email="amara@iom.example")
    workshop = open_workshop(title="Migration and Transnationalism", slug="transnationalism")
    (registration,) = add_registrations(workshop, 1, Registration.Status.CONFIRMED)
    (invitee,) = add_invitations(workshop, 1, kind="sent")
    add_invitations(workshop, 1, kind="declined")

    browser_sign_in(page, live_server, secretary.email)
    page.goto(f"{live_server.url}{workshop.get_absolute_url()}")
    page.get_by_role("link", name="Manage the workshop").click()
    page.get_by_role("link", name="Status", exact=True).click()
    page.get_by_label("New status").select_option("cancelled")
    page.get_by_role("button", name="Continue").click()

    confirmation = page.locator(".status-confirmation")
    expect(confirmation).to_contain_text("The workshop will be “Cancelled”.")
    expect(confirmation).to_contain_text("1 registrant will be told, 1 invitee.")
    expect(page.locator(".people-told").first).to_contain_text(registration.email)
    expect(page.locator(".people-told").last).to_contain_text(invitee.email)
    assert Workshop.objects.get(pk=workshop.pk).status == "confirmed"

    page.get_by_role("button", name="Yes: make it “Cancelled” and tell them").click()

    expect(page.locator(".alert-success")).to_contain_text(
        "The workshop is now “Cancelled”. 2 people are being told by e-mail."
    )
    expect(page.locator(".workshop-status")).to_have_text("Cancelled")
    assert sorted(
        OutgoingMail.objects.filter(template=CANCELLED_TEMPLATE).values_list("to", flat=True)
    ) == sorted([registration.email, invitee.email])

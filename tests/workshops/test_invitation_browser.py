"""The Secretariat sends a batch of invitations and watches it go out: the counts and the
progress bar follow the worker without a reload (htmx polling), and stop when it is done.
Headless Chromium on a live server, a real Celery worker and the SMTP server on loopback."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from idm_portal.celery import app
from tests.conftest import WORKER_HOSTNAME
from tests.factories import SecretariatFactory, WorkshopFactory
from tests.workshops.test_editor_browser import sign_in
from workshops.services import invitations as services

pytestmark = [
    pytest.mark.browser,
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("static_files_by_name"),
]

COUNT = 12
QUEUE = settings.CELERY_TASK_DEFAULT_QUEUE


def test_the_secretariat_sends_invitations_and_watches_the_counts_without_a_reload(
    live_server, page, celery_worker, smtp
):
    workshop = WorkshopFactory(slug="trafficking", title="Trafficking and Exploitation")
    secretariat = SecretariatFactory(email="sam@example.org", name="Sam Secretariat")
    services.invite(
        workshop,
        actor=secretariat,
        recipients=[
            services.Recipient(email=f"invitee{n}@example.org", name=f"Invitee {n}", language="en")
            for n in range(COUNT)
        ],
    )
    sign_in(page, live_server, "sam@example.org")
    page.goto(live_server.url + reverse("workshops:invitations", args=[2009, "trafficking"]))
    progress = page.locator("#invitation-progress")
    expect(progress).to_contain_text(f"{COUNT} invitations are not sent yet.")

    # The worker waits until the page after "Send" is shown, so that the test sees the batch
    # from its start whatever the machine's speed.
    app.control.cancel_consumer(QUEUE, destination=[WORKER_HOSTNAME], reply=True, timeout=5)
    page.get_by_role("button", name="Send", exact=True).click()
    expect(progress).to_contain_text(f"Sending: 0 of {COUNT} handled.")
    expect(page.locator("#invitation-progress[hx-trigger]")).to_have_count(1)  # polling
    page.evaluate("window.notReloaded = true")
    app.control.add_consumer(QUEUE, destination=[WORKER_HOSTNAME], reply=True, timeout=5)
    # The counts follow the worker to the end, in place.
    expect(progress).to_contain_text(f"Done: {COUNT} of {COUNT} handled.", timeout=60_000)
    expect(progress.locator(".progress-bar")).to_have_text("100%")
    # Its width comes from data-width-percent (portal.js): the CSP refuses style attributes.
    full_width = progress.locator(".progress").evaluate("bar => getComputedStyle(bar).width")
    expect(progress.locator(".progress-bar")).to_have_css("width", full_width)
    counts = progress.locator(".invitation-counts")
    expect(counts).to_contain_text(re.compile(rf"\b{COUNT}\s+sent\b"))
    expect(counts).to_contain_text(re.compile(r"\b0\s+failed\b"))
    assert page.evaluate("window.notReloaded") is True
    # Once done, the fragment stops asking.
    expect(page.locator("#invitation-progress[hx-trigger]")).to_have_count(0)
    assert sorted(message["To"] for message in smtp.messages) == sorted(
        f"invitee{n}@example.org" for n in range(COUNT)
    )

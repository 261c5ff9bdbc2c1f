"""The Secretariat opens the list of participants: the "being made" page shows at once and
asks again every 3 seconds (htmx), and the browser gets the PDF as soon as the real worker
has made it, without a click. Headless Chromium on a live server and a real Celery worker."""

import shutil
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from idm_portal.celery import app
from tests.conftest import WORKER_HOSTNAME
from tests.factories import SecretariatFactory, WorkshopFactory
from tests.workshops.test_editor_browser import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("static_files_by_name"),
]

QUEUE = settings.CELERY_TASK_DEFAULT_QUEUE


def test_the_being_made_page_turns_into_the_pdf_when_the_worker_has_made_it(
    live_server, page, celery_worker
):
    workshop = WorkshopFactory(title=f"Migration and Social Change {uuid.uuid4().hex[:6]}")
    folder = Path(settings.MEDIA_ROOT) / "participants" / str(workshop.pk)
    shutil.rmtree(folder, ignore_errors=True)
    SecretariatFactory(email="sam@example.org", name="Sam Secretariat")
    sign_in(page, live_server, "sam@example.org")
    path = reverse("workshops:participants_pdf", args=[workshop.idm_year.year, workshop.slug])
    try:
        # The worker waits until the page is shown, so that the test sees it whatever the
        # machine's speed.
        app.control.cancel_consumer(QUEUE, destination=[WORKER_HOSTNAME], reply=True, timeout=5)
        page.goto(live_server.url + path)
        expect(page.get_by_role("status")).to_have_text(
            "The document is being made; this page refreshes itself."
        )
        with page.expect_response(
            lambda response: (
                response.url == live_server.url + path
                and response.status == 200
                and response.headers.get("content-type") == "application/pdf"
            ),
            timeout=60_000,
        ) as made:
            app.control.add_consumer(QUEUE, destination=[WORKER_HOSTNAME], reply=True, timeout=5)
        # Chromium shows the PDF in its viewer (so the body read here is the viewer's): the
        # answer is the stored file, which is a PDF.
        assert made.value.headers["content-disposition"] == (
            f'inline; filename="participants-2009-{workshop.slug}.pdf"'
        )
        (stored,) = folder.glob("*.pdf")
        assert stored.read_bytes().startswith(b"%PDF-")
        assert page.url == live_server.url + path
    finally:
        shutil.rmtree(folder, ignore_errors=True)

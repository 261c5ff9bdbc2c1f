"""Documents a person downloads are made by the worker, never in the request: the list of
participants, a confirmation and a visa support letter. The request answers the "being made"
page (202) at once; a real Celery worker (Redis broker) makes the PDF; the next request gets
the file."""

import datetime as dt
import io
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from idm_portal.core import pdf
from idm_portal.core.models import Organization, StoredDocument
from tests.conftest import wait_for
from tests.factories import OrganizationFactory, UserFactory, WorkshopFactory
from tests.workshops.conftest import PENDING
from workshops.models import Registration, Workshop
from workshops.services import visa_letters

MEDIA = Path(settings.MEDIA_ROOT)


def pdf_words(content):
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    return " ".join(text.split())


@pytest.fixture
def worker_media():
    """The worker is another process: it stores files under the MEDIA_ROOT of the
    environment, as this process does. The folders this test's rows use are removed before
    (a previous run's rows had the same ids) and after."""
    folders = []
    yield folders.append
    for folder in folders:
        shutil.rmtree(MEDIA / folder, ignore_errors=True)


def download_when_made(client, url):
    """As the browser does: the pending page, its htmx poll (an empty 202 while the worker
    works), then the redirect to the file, and the file."""
    pending = client.get(url)
    assert pending.status_code == 202
    page = pending.content.decode()
    assert PENDING in page
    assert f'hx-get="{url}" hx-trigger="every 3s"' in page
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page

    def polled():
        answer = client.get(url, headers={"HX-Request": "true"})
        assert answer.status_code in (200, 202)
        return answer if answer.status_code == 200 else None

    answer = wait_for(polled, timeout=90, interval=0.5, message="the worker to make the PDF")
    assert answer["HX-Redirect"] == url
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_worker_makes_the_list_of_participants(
    celery_worker, client, secretariat, worker_media
):
    workshop = WorkshopFactory(title=f"Migration and Social Change {uuid.uuid4().hex[:6]}")
    worker_media(f"participants/{workshop.pk}")
    state = OrganizationFactory(
        name="Mexico",
        kind=Organization.Kind.GOVERNMENT,
        country="MX",
        iom_status=Organization.IomStatus.MEMBER_STATE,
    )
    person = UserFactory(name="Marco Moreno")
    Registration.objects.create(
        workshop=workshop,
        person=person,
        organization=state,
        category=state.kind,
        badge_name="Marco Moreno",
        email=person.email,
        status=Registration.Status.CONFIRMED,
        consents_to_list=True,
    )
    client.force_login(secretariat)
    url = reverse("workshops:participants_pdf", args=[workshop.idm_year.year, workshop.slug])

    words = pdf_words(download_when_made(client, url))

    assert "LIST OF PARTICIPANTS" in words
    assert "MEXICO" in words
    assert "Marco Moreno" in words
    assert StoredDocument.objects.get(kind="participants").made_at is not None


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_worker_makes_the_confirmation_and_the_approved_visa_letter(
    celery_worker, client, secretariat, worker_media
):
    workshop = WorkshopFactory(title=f"Human Rights {uuid.uuid4().hex[:6]}")
    person = UserFactory(name="Dana Delegate")
    registration = Registration.objects.create(
        workshop=workshop,
        person=person,
        organization=OrganizationFactory(name="Migrants' Rights Network"),
        category="ngo",
        badge_name="Dana Delegate",
        email=person.email,
        status=Registration.Status.CONFIRMED,
        needs_visa_letter=True,
    )
    worker_media(f"confirmations/{registration.pk}")
    worker_media(visa_letters.letter_folder(registration.pk))
    visa_letters.enter_passport_details(
        registration,
        actor=person,
        name_in_passport="DELEGATE Dana",
        nationality="PH",
        passport_number="P7654321",
        date_of_birth=dt.date(1980, 5, 17),
    )
    visa_letters.approve_visa_letters([registration.pk], actor=secretariat)
    client.force_login(person)

    confirmation = pdf_words(
        download_when_made(
            client, reverse("workshops:registration_confirmation_pdf", args=[registration.pk])
        )
    )
    letter = pdf_words(
        download_when_made(
            client, reverse("workshops:registration_visa_letter_pdf", args=[registration.pk])
        )
    )

    assert "Confirmation of registration" in confirmation
    assert "Migrants' Rights Network" in confirmation
    assert "confirms that Dana Delegate, Migrants' Rights Network" in letter
    assert "Passport number: P7654321" in letter
    assert "Nationality: Philippines" in letter


def test_the_list_of_participants_of_214_people_answers_at_once_without_rendering(
    client, secretariat, settings, tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    """Workshop 1 of load_demo: 214 registrations, 12 s of WeasyPrint. The request must not
    make the PDF (a web server's time-out is 30 s): it answers 202 and queues one task."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.DEBUG = True
    settings.DEMO_PASSWORD = "demo-password-for-tests"
    call_command("load_demo", stdout=io.StringIO())
    workshop = Workshop.objects.get(idm_year__year=2009, ordinal=1)
    assert workshop.registrations.filter(status=Registration.Status.ATTENDED).count() == 214

    def no_weasyprint_in_the_request(html):
        raise AssertionError("WeasyPrint ran in the request")

    monkeypatch.setattr(pdf, "html_to_pdf", no_weasyprint_in_the_request)
    client.force_login(secretariat)
    url = reverse("workshops:participants_pdf", args=[2009, workshop.slug])
    with django_capture_on_commit_callbacks() as queued:
        response = client.get(url)
        assert client.get(url).status_code == 202  # asked again: still being made, not queued

    assert response.status_code == 202
    assert response["Content-Type"].startswith("text/html")
    assert PENDING in response.content.decode()
    assert len(queued) == 1


@pytest.mark.parametrize("people", [2, 30])
def test_asking_for_the_list_of_participants_runs_the_same_queries_however_many_people(
    client, secretariat, settings, tmp_path, people, django_assert_num_queries
):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    workshop = WorkshopFactory()
    for number in range(people):
        person = UserFactory()
        organization = OrganizationFactory()
        Registration.objects.create(
            workshop=workshop,
            person=person,
            organization=organization,
            category=organization.kind,
            badge_name=f"Person {number}",
            email=person.email,
            status=Registration.Status.CONFIRMED,
            consents_to_list=True,
        )
    client.force_login(secretariat)
    url = reverse("workshops:participants_pdf", args=[workshop.idm_year.year, workshop.slug])
    # session, user, Secretariat (role), the workshop, the participants with their
    # organizations, the menu's focal point check (the claim is in the cache: no query)
    with django_assert_num_queries(6):
        response = client.get(url)
    assert response.status_code == 202

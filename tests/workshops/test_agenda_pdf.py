"""The agenda as a PDF on the IOM letterhead: made from the latest release by a task, stored
under a hash of what it shows, served once it exists."""

import datetime as dt
import os
import re
import subprocess

import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import translation

from idm_portal.celery import app
from tests.factories import SessionFactory, SessionSpeakerFactory, SpeakerFactory, WorkshopFactory
from workshops.services.agenda import publish_agenda
from workshops.services.agenda_pdf import render_release_pdf
from workshops.tasks import render_agenda_pdf_task

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    cache.clear()  # forget which PDFs were queued by earlier tests


@pytest.fixture
def tasks_in_process():
    """Queued tasks run in-process, as in the embedded mode (no broker)."""
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


def pdf_text(path):
    return subprocess.run(
        ["pdftotext", "-layout", default_storage.path(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.replace("\u2002", " ")


def pdf_url(workshop, language="en"):
    with translation.override(language):
        return reverse("workshops:agenda_pdf", args=[workshop.idm_year.year, workshop.slug])


@pytest.fixture
def release(secretariat):
    workshop = WorkshopFactory(
        ordinal=1, title="Effective Respect for the Human Rights of Migrants", slug="human-rights"
    )
    opening = SessionFactory(
        workshop=workshop,
        title="Opening and welcome remarks",
        kind="opening",
        start_time=dt.time(9, 30),
        end_time=dt.time(10, 0),
        order=1,
    )
    SessionSpeakerFactory(
        session=opening,
        role="chair",
        speaker=SpeakerFactory(title="Dr", name="Umar Chairman", organization="IOM"),
    )
    panel = SessionFactory(
        workshop=workshop,
        title="Session I: National legislative and institutional frameworks",
        start_time=dt.time(11, 0),
        end_time=dt.time(13, 0),
        order=2,
    )
    SessionSpeakerFactory(
        session=panel, role="moderator", speaker=SpeakerFactory(name="Wanjiru Moderata")
    )
    SessionSpeakerFactory(
        session=panel, role="panellist", speaker=SpeakerFactory(title="Mr", name="Bogdan Panel")
    )
    SessionFactory(
        workshop=workshop,
        date=dt.date(2009, 3, 26),
        title="Summary by the rapporteur and closing remarks",
        kind="closing",
    )
    return publish_agenda(workshop, actor=secretariat)


def test_agenda_pdf_is_an_iom_document_with_the_sessions_and_speakers(release):
    path = render_release_pdf(release, language="en")

    assert re.fullmatch(rf"agendas/{release.workshop_id}/[0-9a-f]{{64}}\.pdf", path)
    text = " ".join(pdf_text(path).split())
    for line in (
        "IOM International Organization for Migration",
        "OIM Organisation Internationale pour les Migrations",
        "OIM Organización Internacional para las Migraciones",
        "INTERNATIONAL DIALOGUE ON MIGRATION 2009",
        "FIRST INTERSESSIONAL WORKSHOP",
        "Effective Respect for the Human Rights of Migrants",
        "Human Rights and Migration: Working Together for Safe, Dignified and Secure Migration",
        "25–26 March 2009 · Palais des Nations, Geneva",
        "AGENDA Release 1",
        "Wednesday 25 March 2009",
        "09:30–10:00 Opening and welcome remarks",
        "Chair Dr Umar Chairman, Director, IOM",
        "Session I: National legislative and institutional frameworks",
        "Moderator Ms Wanjiru Moderata",
        "Panellist Mr Bogdan Panel",
        "Thursday 26 March 2009",
        "Summary by the rapporteur and closing remarks",
    ):
        assert line in text, line
    assert text.index("Moderator Ms Wanjiru Moderata") < text.index("Panellist Mr Bogdan Panel")


def test_agenda_pdf_is_made_once_per_content_and_language(release, settings):
    first = render_release_pdf(release, language="en")
    stored = os.stat(default_storage.path(first)).st_mtime_ns

    assert render_release_pdf(release, language="en") == first
    assert os.stat(default_storage.path(first)).st_mtime_ns == stored
    assert len(os.listdir(default_storage.path(f"agendas/{release.workshop_id}"))) == 1

    french = render_release_pdf(release, language="fr")
    assert french != first
    assert "Mercredi 25 mars 2009" in pdf_text(french)

    release.workshop.title = "A renamed workshop"
    assert render_release_pdf(release, language="en") != first  # what it shows changed


def test_agenda_pdf_task_makes_the_file_and_ignores_a_release_that_is_gone(release):
    path = render_agenda_pdf_task(release.pk, "en")
    assert default_storage.exists(path)
    assert render_agenda_pdf_task(release.pk + 1000, "en") is None


def test_agenda_pdf_view_serves_the_stored_file(client, release):
    path = render_release_pdf(release, language="en")

    response = client.get(pdf_url(release.workshop))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="human-rights-agenda-en.pdf"'
    with default_storage.open(path, "rb") as stored:
        assert b"".join(response.streaming_content) == stored.read()


def test_agenda_pdf_view_queues_the_pdf_and_answers_a_page_that_refreshes_itself(
    client, release, django_capture_on_commit_callbacks, tasks_in_process
):
    with django_capture_on_commit_callbacks() as queued:
        response = client.get(pdf_url(release.workshop))
        assert client.get(pdf_url(release.workshop)).status_code == 202  # queued once only

    assert response.status_code == 202
    page = response.content.decode()
    assert "The PDF of the agenda is being made; this page refreshes itself." in page
    assert '<meta http-equiv="refresh" content="3">' in page
    assert len(queued) == 1

    queued[0]()  # the task, run in-process

    response = client.get(pdf_url(release.workshop))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_agenda_pdf_is_in_the_language_of_the_page(
    client, release, django_capture_on_commit_callbacks, tasks_in_process
):
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get(pdf_url(release.workshop, "fr")).status_code == 202
    response = client.get(pdf_url(release.workshop, "fr"))
    assert response["Content-Disposition"] == 'inline; filename="human-rights-agenda-fr.pdf"'


@pytest.mark.django_db(transaction=True)
def test_without_a_broker_the_first_request_gets_the_pdf(client, secretariat, tasks_in_process):
    workshop = WorkshopFactory(slug="no-broker")
    SessionFactory(workshop=workshop, title="Opening remarks")
    publish_agenda(workshop, actor=secretariat, prerender_pdf=False)

    response = client.get(pdf_url(workshop))

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")

"""The PDF of a published note is made by a real Celery worker (Redis broker): once per
content, again only when what it shows changes."""

import shutil
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from consultations.models import DiscussionNote
from consultations.services.notes import create_note, stored_path, update_note
from consultations.tasks import render_note_pdf_task
from tests.conftest import wait_for
from tests.factories import IdmYearFactory, MeetingFactory


@pytest.fixture
def note_folder():
    """The worker is another process: it stores files under the MEDIA_ROOT of the
    environment, as this process does. A symbol of its own keeps this run's files apart, and
    they are removed at the end."""
    symbol = f"IC/2099/{uuid.uuid4().hex[:8]}"
    folder = Path(settings.MEDIA_ROOT) / "notes" / symbol.lower().replace("/", "-") / "en"
    yield symbol, folder
    shutil.rmtree(folder.parent, ignore_errors=True)


def fields(symbol, meeting, body):
    return {
        "symbol": symbol,
        "language": "en",
        "original_language": "en",
        "meeting": meeting,
        "meeting_heading": "INFORMAL CONSULTATIONS ON INTERNATIONAL DIALOGUE ON MIGRATION",
        "place": "Geneva",
        "issue_date": "2009-04-17",
        "meeting_date": "2009-04-28",
        "title": "INTERNATIONAL DIALOGUE ON MIGRATION 2009",
        "subtitle": "Human Rights and Migration",
        "body": body,
    }


def stored_files(folder):
    return sorted(folder.glob("*.pdf")) if folder.exists() else []


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_renders_a_published_note_once_per_content(
    celery_worker, secretariat, note_folder
):
    symbol, folder = note_folder
    meeting = MeetingFactory(idm_year=IdmYearFactory())
    body = "This discussion note provides an update.[^1]\n\n[^1]: See www.iom.int.\n"

    note = create_note(actor=secretariat, status="published", **fields(symbol, meeting, body))

    (first,) = wait_for(lambda: stored_files(folder), message="the first PDF")
    assert first.read_bytes().startswith(b"%PDF-")
    assert first.name == Path(stored_path(note)).name
    made_at = first.stat().st_mtime_ns

    note, changed = update_note(note, actor=secretariat, **fields(symbol, meeting, body))
    assert not changed  # saving without a change queues nothing

    changed_body = body.replace("an update", "a second update")
    note, changed = update_note(note, actor=secretariat, **fields(symbol, meeting, changed_body))
    assert changed

    wait_for(lambda: len(stored_files(folder)) == 2, message="the PDF of the change")
    # The worker takes tasks in order: had the save without change queued one, it would
    # have run before the second PDF was made.
    assert len(stored_files(folder)) == 2
    assert first.stat().st_mtime_ns == made_at
    assert (folder / Path(stored_path(note)).name).exists()
    assert note.history.count() == 2  # created, changed; the save without change wrote none


@pytest.mark.django_db(transaction=True)
def test_the_pdf_task_runs_again_to_the_same_file_and_skips_a_note_that_is_gone(
    secretariat, note_folder
):
    symbol, folder = note_folder
    meeting = MeetingFactory(idm_year=IdmYearFactory())
    note = create_note(actor=secretariat, **fields(symbol, meeting, "A draft.\n"))

    path = render_note_pdf_task(note.pk)
    assert render_note_pdf_task(note.pk) == path
    assert len(stored_files(folder)) == 1

    DiscussionNote.objects.filter(pk=note.pk).delete()
    assert render_note_pdf_task(note.pk) is None

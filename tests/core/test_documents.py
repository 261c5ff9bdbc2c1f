"""The stored-document helper: a document is stored under the hash of what shapes it,
written to a temporary file and renamed into place (never half-written where it is served),
and its making is queued once however many requests ask at once."""

import datetime as dt
import os
import threading
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection, transaction

from idm_portal.core import documents
from idm_portal.core.models import StoredDocument
from tests.conftest import wait_for

SHAPED_BY = ["IC/2009/5", "en", "Human Rights and Migration"]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return Path(settings.MEDIA_ROOT)


def test_the_path_is_the_hash_of_what_shapes_the_document():
    path = documents.path_of(SHAPED_BY, folder="notes/ic-2009-5/en")
    assert path == f"notes/ic-2009-5/en/{documents.digest_of(SHAPED_BY)}.pdf"
    assert documents.path_of([*SHAPED_BY[:2], "Other theme"], folder="notes/ic-2009-5/en") != path


@pytest.mark.django_db
def test_a_document_is_written_to_a_temporary_file_then_renamed_into_place(media, monkeypatch):
    path = documents.path_of(SHAPED_BY, folder="letters/1")
    content = b"%PDF-1.7 " + b"x" * 100_000
    seen = {}
    real_replace = os.replace

    def replace(source, target):
        # At the moment of the rename the whole file is written under another name, and
        # nothing is yet where the document is served from.
        seen["temporary"] = Path(source)
        seen["written"] = Path(source).read_bytes()
        seen["served before the rename"] = default_storage.exists(path)
        real_replace(source, target)

    monkeypatch.setattr(documents.os, "replace", replace)

    documents.make_document("letter", SHAPED_BY, folder="letters/1", render_content=lambda: content)

    assert seen["written"] == content
    assert seen["temporary"].parent == media / "letters" / "1"
    assert seen["temporary"].name != Path(path).name
    assert seen["served before the rename"] is False
    assert (media / path).read_bytes() == content
    assert sorted(p.name for p in (media / "letters" / "1").iterdir()) == [Path(path).name]


@pytest.mark.django_db
def test_a_write_that_fails_half_way_leaves_nothing_to_serve(media, monkeypatch):
    path = documents.path_of(SHAPED_BY, folder="letters/2")

    def crash(source, target):  # the disk fills up, the worker is killed: no rename
        raise OSError("No space left on device")

    monkeypatch.setattr(documents.os, "replace", crash)
    with pytest.raises(OSError, match="No space left"):
        documents.make_document(
            "letter", SHAPED_BY, folder="letters/2", render_content=lambda: b"%PDF"
        )

    assert not default_storage.exists(path)
    assert list((media / "letters" / "2").iterdir()) == []  # the temporary file is gone too


@pytest.mark.django_db
def test_making_twice_keeps_the_first_file(media):
    calls = []

    def render_content():
        calls.append(1)
        return b"%PDF-1.7 the letter"

    first = documents.make_document("letter", SHAPED_BY, folder="l", render_content=render_content)
    made_at = (media / first).stat().st_mtime_ns
    assert documents.make_document("letter", SHAPED_BY, folder="l", render_content=render_content)
    assert calls == [1]
    assert (media / first).stat().st_mtime_ns == made_at


def queued_messages():
    return redis.Redis.from_url(settings.CELERY_BROKER_URL).llen(settings.CELERY_TASK_DEFAULT_QUEUE)


def purge():
    redis.Redis.from_url(settings.CELERY_BROKER_URL).delete(settings.CELERY_TASK_DEFAULT_QUEUE)


@pytest.mark.django_db(transaction=True)
def test_two_requests_at_once_queue_one_rendering(media):
    """Two requests on two database connections ask for the same missing document at the
    same moment: the claim in the cache lets one queue the task; Redis holds one message,
    and no row is written (asking is a GET)."""
    purge()
    barrier = threading.Barrier(2)
    answers, errors = [], []

    def ask():
        try:
            with transaction.atomic():
                barrier.wait(timeout=10)
                answers.append(
                    documents.request_document(
                        "letter", SHAPED_BY, folder="l", task="core.sweep_outbox", args=[]
                    )
                )
        except Exception as error:  # reported below, with the thread's traceback lost
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert answers == [None, None]  # neither request renders: both answer "being made"
    assert queued_messages() == 1
    assert StoredDocument.objects.count() == 0
    purge()


@pytest.mark.django_db(transaction=True)
def test_a_claim_whose_file_never_came_is_queued_again_after_a_while(media, monkeypatch):
    monkeypatch.setattr(documents, "REQUEUE_AFTER", dt.timedelta(seconds=1))
    purge()
    ask = lambda: documents.request_document(  # noqa: E731
        "letter", SHAPED_BY, folder="l", task="core.sweep_outbox", args=[]
    )
    assert ask() is None
    assert ask() is None
    assert queued_messages() == 1
    # Once the claim has expired, the next request queues the rendering again.
    wait_for(lambda: ask() is None and queued_messages() == 2, message="a second queuing")
    assert queued_messages() == 2
    purge()


@pytest.mark.django_db
def test_forget_erases_the_files_and_claims_of_a_folder(media):
    kept = documents.make_document(
        "letter", ["other"], folder="letters/9", render_content=lambda: b"1"
    )
    documents.make_document("letter", SHAPED_BY, folder="letters/3", render_content=lambda: b"2")

    assert documents.forget("letters/3") == 1

    assert list((media / "letters" / "3").iterdir()) == []
    assert list(StoredDocument.objects.values_list("path", flat=True)) == [kept]

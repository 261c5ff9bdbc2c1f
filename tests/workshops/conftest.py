"""Fixtures of the workshop tests: documents made by the worker's task."""

import pytest

from idm_portal.celery import app

PENDING = "The document is being made; this page refreshes itself."


@pytest.fixture
def fetch_document(django_capture_on_commit_callbacks, settings, tmp_path):
    """Download a document the worker makes, as a browser does: the first request answers
    the "being made" page (202) and queues one task; the task runs (in-process here: the
    tests with a real worker are in test_documents_worker.py); the next request gets the
    file. Returns (the pending response, the file's response with its bytes as ``.pdf``)."""
    settings.MEDIA_ROOT = str(tmp_path / "media")

    def fetch(client, url):
        with django_capture_on_commit_callbacks() as queued:
            pending = client.get(url)
        assert pending.status_code == 202, pending.status_code
        assert PENDING in pending.content.decode()
        assert len(queued) == 1
        previous = app.conf.task_always_eager
        app.conf.task_always_eager = True
        try:
            queued[0]()
        finally:
            app.conf.task_always_eager = previous
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        response.pdf = b"".join(response.streaming_content)
        return pending, response

    return fetch

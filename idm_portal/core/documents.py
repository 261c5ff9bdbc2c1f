"""Documents a person downloads (PDFs, exports), made by the worker, never in the request.

Each document is stored under the hash of everything that shapes it, so the same content is
made once and a change makes a new file. The file is written to a temporary name beside its
place and renamed into place, so a half-written file is never served. A claim in the cache
(``cache.add``, atomic in Redis, one key per kind and hash, expiring after REQUEUE_AFTER)
makes one request queue the rendering however many ask at once; the claim lives in the
cache, not the database, because asking for a document is a GET and a GET writes no row.
The worker records each document it made in a ``StoredDocument`` row. Until the file exists,
views answer a "being made" page (202) that asks again every 3 seconds (htmx; a meta refresh
without JavaScript).

An app uses it in three steps: ``path_of`` (where the document is kept), ``make_document``
in its Celery task (render and store, unless stored), ``request_document`` in its view (the
path, or None after queuing the task once), then ``serve_document`` answers the file or the
"being made" page.
"""

import datetime as dt
import hashlib
import logging
import os
import tempfile
from pathlib import Path

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from idm_portal.core.models import StoredDocument
from idm_portal.core.queue import enqueue

logger = logging.getLogger(__name__)

# A queued rendering that has not produced its file after this long (the worker died, the
# broker lost the task) is queued again by the next request.
REQUEUE_AFTER = dt.timedelta(minutes=2)
PENDING_TEMPLATE = "core/document_pending.html"


def digest_of(shaped_by):
    """The hash of what shapes a document (a list of strings)."""
    return hashlib.sha256("\x1f".join(shaped_by).encode()).hexdigest()


def path_of(shaped_by, *, folder, extension="pdf"):
    """Where the document shaped by ``shaped_by`` is kept: ``<folder>/<hash>.<extension>``."""
    return f"{folder}/{digest_of(shaped_by)}.{extension}"


def store(path, content):
    """Write ``content`` (bytes) at ``path`` of the default storage: into a temporary file in
    the same folder, then renamed into place (atomic on one file system), so that a reader
    sees either no file or the whole file."""
    target = Path(default_storage.path(path))
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".making-", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def make_document(kind, shaped_by, *, folder, render_content, extension="pdf"):
    """Render (``render_content()`` returns bytes) and store the document unless it is stored
    already; record it as made. Returns its path. Running it twice gives the same file."""
    digest = digest_of(shaped_by)
    path = f"{folder}/{digest}.{extension}"
    if not default_storage.exists(path):
        content = render_content()
        if not default_storage.exists(path):  # another worker may have finished meanwhile
            store(path, content)
            logger.info("Stored %s document as %s", kind, path)
    StoredDocument.objects.update_or_create(
        kind=kind, digest=digest, defaults={"path": path, "made_at": timezone.now()}
    )
    return path


def make_html_pdf(kind, html, *, folder):
    """``make_document`` of a PDF shaped by its final HTML alone (badges, certificates,
    confirmations, visa letters, the list of participants): WeasyPrint renders ``html``."""
    from idm_portal.core import pdf  # WeasyPrint loads only where a PDF is made

    return make_document(kind, [html], folder=folder, render_content=lambda: pdf.html_to_pdf(html))


def request_html_pdf(kind, html, *, folder, task, args):
    """``request_document`` of a PDF shaped by its final HTML alone (see make_html_pdf)."""
    return request_document(kind, [html], folder=folder, task=task, args=args)


def claim_key(kind, digest):
    return f"document-claim:{kind}:{digest}"


def _queue(task, args, key):
    if not enqueue(task, args=args):
        cache.delete(key)  # the next request queues it again


def _claim(kind, digest):
    """The claim's key when this request takes the rendering (and so queues it), else None.
    ``cache.add`` sets a key only where none is, atomically: of two requests at once, one
    takes it. The key expires after REQUEUE_AFTER, so a rendering whose file never came (a
    dead worker, a lost task) is queued again by a later request."""
    key = claim_key(kind, digest)
    return key if cache.add(key, 1, timeout=REQUEUE_AFTER.total_seconds()) else None


def request_document(kind, shaped_by, *, folder, task, args, extension="pdf"):
    """The path of the stored document; when it is not made yet, queue the task named
    ``task`` with ``args`` once (after the transaction commits) and return None, unless the
    task ran at once (no broker) and made it."""
    digest = digest_of(shaped_by)
    path = f"{folder}/{digest}.{extension}"
    if default_storage.exists(path):
        return path
    claim = _claim(kind, digest)
    if claim is not None:
        transaction.on_commit(lambda: _queue(task, list(args), claim))
        # Without a broker the task has just run in-process (outside a transaction).
        if default_storage.exists(path):
            return path
    return None


def forget(folder):
    """Delete every stored document under ``folder`` and their records (personal data that
    is erased). Returns how many files were deleted."""
    deleted = 0
    if default_storage.exists(folder):
        _folders, files = default_storage.listdir(folder)
        for name in files:
            default_storage.delete(f"{folder}/{name}")
            deleted += 1
    StoredDocument.objects.filter(path__startswith=f"{folder}/").delete()
    return deleted


def serve_document(
    request,
    path,
    *,
    filename,
    pending_context,
    pending_template=PENDING_TEMPLATE,
    content_type="application/pdf",
):
    """The stored file (inline), or the "being made" page (202) while ``path`` is None. The
    page's htmx poll gets an empty 202 while the file is being made, then a redirect to it
    (HX-Redirect: the browser opens the file)."""
    if request.headers.get("HX-Request") == "true":
        if path is None:
            return HttpResponse(status=202)
        response = HttpResponse(status=200)
        response["HX-Redirect"] = request.get_full_path()
        return response
    if path is None:
        return render(request, pending_template, pending_context, status=202)
    return FileResponse(
        default_storage.open(path, "rb"), content_type=content_type, filename=filename
    )

"""The agenda as a PDF on the IOM letterhead: made from a release (never the draft), in one
language, stored under a hash of everything it shows, and made again only when that
changes."""

import hashlib
import logging

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from idm_portal.core import pdf
from idm_portal.core.links import absolute_url
from workshops import queries

logger = logging.getLogger(__name__)

TEMPLATE_NAME = "workshops/pdf/agenda.html"
# Bump when templates/workshops/pdf/agenda.html changes, so that stored PDFs are made again.
TEMPLATE_VERSION = 1
# While a PDF is being made, visitors who reload the pending page do not queue it again.
QUEUED_FOR = 60  # seconds


def stored_path(release, language):
    """Where the PDF of ``release`` in ``language`` is kept. The hash covers what the page
    prints besides the sessions (the release's number and date, the workshop's title, dates,
    venue and status), since two releases may hold the same sessions."""
    workshop = release.workshop
    shaped_by = [
        release.content_hash,
        language,
        str(pdf.LETTERHEAD_VERSION),
        str(TEMPLATE_VERSION),
        str(release.number),
        release.published_at.isoformat(),
        workshop.title,
        str(workshop.ordinal),
        workshop.start_date.isoformat(),
        workshop.end_date.isoformat(),
        workshop.venue,
        workshop.city,
        workshop.time_zone,
        workshop.status,
        str(workshop.idm_year.year),
        workshop.idm_year.overarching_theme,
    ]
    digest = hashlib.sha256("\x1f".join(shaped_by).encode()).hexdigest()
    return f"agendas/{workshop.pk}/{digest}.pdf"


def _context(release):
    workshop = release.workshop
    return {
        "workshop": workshop,
        "idm_year": workshop.idm_year,
        "release": release,
        "days": queries.agenda_days(release),
        "agenda_url": absolute_url(
            reverse(
                "workshops:agenda",
                kwargs={"year": workshop.idm_year.year, "slug": workshop.slug},
            )
        ),
    }


def render_release_pdf(release, *, language="en"):
    """Make and store the PDF of a release in ``language`` unless it is stored already;
    return its path in the default storage. Running it twice gives the same file."""
    path = stored_path(release, language)
    if default_storage.exists(path):
        return path
    with translation.override(language):
        document = pdf.render_pdf(TEMPLATE_NAME, _context(release), language=language)
    if default_storage.exists(path):  # another worker finished it meanwhile
        return path
    saved = default_storage.save(path, ContentFile(document))
    if saved != path:  # lost a race to another worker: keep one file
        default_storage.delete(saved)
    logger.info("Agenda PDF of release %s (%s) stored as %s", release.pk, language, path)
    return path


def _queue(release_id, language, key):
    from workshops.tasks import render_agenda_pdf_task  # tasks import this module

    try:
        render_agenda_pdf_task.apply_async(args=[release_id, language])
    except Exception as error:  # kombu raises several kinds; the next visit queues it again
        cache.delete(key)
        logger.warning("Agenda PDF of release %s not queued: %s", release_id, error)


def request_release_pdf(release, *, language):
    """The path of the stored PDF of ``release`` in ``language``; when it is not made yet,
    queue its making after the transaction commits (once a minute at most) and return None,
    unless the task ran at once (no broker) and made it."""
    path = stored_path(release, language)
    if default_storage.exists(path):
        return path
    key = f"agenda-pdf-queued:{path}"
    if cache.add(key, True, timeout=QUEUED_FOR):
        transaction.on_commit(lambda: _queue(release.pk, language, key))
        # Without a broker the task has just run in-process (outside a transaction).
        if default_storage.exists(path):
            return path
    return None

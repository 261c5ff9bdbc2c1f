"""The agenda as a PDF on the IOM letterhead: made from a release (never the draft), in one
language, stored under a hash of everything it shows, and made again only when that
changes."""

import logging

from django.urls import reverse
from django.utils import translation

from idm_portal.core import documents, pdf
from idm_portal.core.links import absolute_url
from workshops import queries

logger = logging.getLogger(__name__)

TEMPLATE_NAME = "workshops/pdf/agenda.html"
# Bump when templates/workshops/pdf/agenda.html changes, so that stored PDFs are made again.
TEMPLATE_VERSION = 1
KIND = "agenda"


def shaped_by(release, language):
    """What the PDF of ``release`` in ``language`` shows or is made with: besides the
    sessions, the release's number and date and the workshop's title, dates, venue and
    status, since two releases may hold the same sessions."""
    workshop = release.workshop
    return [
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


def _folder(release):
    return f"agendas/{release.workshop.pk}"


def stored_path(release, language):
    """Where the PDF of ``release`` in ``language`` is kept."""
    return documents.path_of(shaped_by(release, language), folder=_folder(release))


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

    def render_content():
        with translation.override(language):
            return pdf.render_pdf(TEMPLATE_NAME, _context(release), language=language)

    return documents.make_document(
        KIND, shaped_by(release, language), folder=_folder(release), render_content=render_content
    )


def request_release_pdf(release, *, language):
    """The path of the stored PDF of ``release`` in ``language``; when it is not made yet,
    queue its making once (after the transaction commits) and return None, unless the task
    ran at once (no broker) and made it."""
    return documents.request_document(
        KIND,
        shaped_by(release, language),
        folder=_folder(release),
        task="workshops.render_agenda_pdf",
        args=[release.pk, language],
    )

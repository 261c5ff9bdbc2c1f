"""A workshop's registrations as a spreadsheet, made by the worker when the list is long.

Up to ``ROWS_IN_REQUEST`` rows the XLSX is made in the request (a fraction of a second);
beyond, the request answers the "being made" page while the worker makes the file through
the core documents helper. The file is stored under the hash of what shapes it: the
filter, the language, and the filtered registrations' count and latest change, so that a
new or changed registration makes a new file. (CSV exports stream in the request: see
idm_portal.core.csv_stream.)"""

from django.db.models import Count, Max
from django.http import QueryDict
from django.utils import translation

from idm_portal.core import documents
from workshops import exports
from workshops.filters import RegistrationFilter
from workshops.models import Registration

REGISTRATIONS_XLSX = "registrations_xlsx"
ROWS_IN_REQUEST = 300
FORMAT_VERSION = "1"  # bump when the layout of the spreadsheet changes
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def filtered_registrations(workshop, data):
    """The registrations of ``workshop`` that the list's filter ``data`` (a QueryDict)
    selects, with their organization and person, in a stable order. Returns (filter,
    queryset)."""
    registration_filter = RegistrationFilter(
        data,
        queryset=Registration.objects.filter(workshop=workshop).select_related(
            "organization", "person"
        ),
        workshop=workshop,
    )
    queryset = registration_filter.qs
    # A stable order, so that a page shows the same rows however many share a name.
    return registration_filter, queryset.order_by(*queryset.query.order_by, "pk")


def export_state(registrations):
    """How many registrations the export holds and when the latest of them changed (one
    query)."""
    return registrations.order_by().aggregate(count=Count("pk"), changed=Max("updated_at"))


def _folder(workshop):
    return f"exports/{workshop.pk}"


def _shaped_by(workshop, *, language, query, state):
    return [
        FORMAT_VERSION,
        str(workshop.pk),
        language,
        query,
        str(state["count"]),
        state["changed"].isoformat() if state["changed"] else "",
    ]


def request_registrations_xlsx(workshop, *, language, query, state):
    """The stored spreadsheet of the filtered registrations as they are now, or None after
    queuing its making (once, however many ask)."""
    shaped_by = _shaped_by(workshop, language=language, query=query, state=state)
    return documents.request_document(
        REGISTRATIONS_XLSX,
        shaped_by,
        folder=_folder(workshop),
        task="workshops.render_registrations_xlsx",
        args=[workshop.pk, language, query, shaped_by],
        extension="xlsx",
    )


def render_registrations_xlsx(workshop, *, language, query, shaped_by):
    """Make and store the spreadsheet of the registrations that ``query`` (the list's filter,
    URL-encoded) selects, under the hash the request asked for; its path."""
    with translation.override(language):
        _filter, registrations = filtered_registrations(workshop, QueryDict(query))
        return documents.make_document(
            REGISTRATIONS_XLSX,
            shaped_by,
            folder=_folder(workshop),
            extension="xlsx",
            render_content=lambda: exports.to_xlsx(registrations, workshop),
        )

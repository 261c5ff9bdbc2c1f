"""CSV exports streamed to the browser: the header at once, then each row as the database
hands it over (``iterator``), so that a list of ten thousand rows holds no more than a chunk
in memory and the first bytes leave before the last row is read. UTF-8 with a byte order
mark, so that Excel reads the accents. Every export of the portal goes through here, and so
every text cell through the formula guard (``spreadsheet_text``): a view hands its header and
its rows of plain values and never writes CSV itself."""

import csv
import datetime as dt
from decimal import Decimal

from django.http import StreamingHttpResponse
from django.utils import translation

from idm_portal.core.spreadsheets import spreadsheet_text

BOM = "\ufeff"


class _Line:
    """A file-like object whose write returns the line (csv.writer wants a file)."""

    def write(self, value):
        return value


def csv_cell(value):
    """A value as a CSV cell: a number as it is, a time as "YYYY-MM-DD HH:MM" (a date as
    "YYYY-MM-DD"), None empty, and any text guarded so that no spreadsheet reads it as a
    formula."""
    if isinstance(value, bool):
        return spreadsheet_text(value)
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return spreadsheet_text(value)


def streaming_csv(header, rows, *, filename):
    """A streamed CSV download of ``header`` then ``rows`` (an iterable of lists of values,
    read lazily, in the language active now; each value through ``csv_cell``; an empty
    list is an empty line)."""
    language = translation.get_language()
    writer = csv.writer(_Line())

    def lines():
        # The rows are read after the view returned: keep the request's language.
        with translation.override(language):
            yield (BOM + writer.writerow([csv_cell(cell) for cell in header])).encode("utf-8")
            for row in rows:
                yield writer.writerow([csv_cell(cell) for cell in row]).encode("utf-8")

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

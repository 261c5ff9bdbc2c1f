"""CSV exports streamed to the browser: the header at once, then each row as the database
hands it over (``iterator``), so that a list of ten thousand rows holds no more than a chunk
in memory and the first bytes leave before the last row is read. UTF-8 with a byte order
mark, so that Excel reads the accents."""

import csv

from django.http import StreamingHttpResponse
from django.utils import translation

BOM = "\ufeff"


class _Line:
    """A file-like object whose write returns the line (csv.writer wants a file)."""

    def write(self, value):
        return value


def streaming_csv(header, rows, *, filename):
    """A streamed CSV download of ``header`` then ``rows`` (an iterable of lists, read lazily,
    in the language active now)."""
    language = translation.get_language()
    writer = csv.writer(_Line())

    def lines():
        # The rows are read after the view returned: keep the request's language.
        with translation.override(language):
            yield (BOM + writer.writerow(header)).encode("utf-8")
            for row in rows:
                yield writer.writerow(row).encode("utf-8")

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

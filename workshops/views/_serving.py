"""Files the workshops' views answer: an uploaded document or statement, and the documents
of one workshop that the Secretariat downloads (badges, the list of participants, the
registrations as a spreadsheet: the stored file, or the "being made" page that leads back
to the workshop's page it came from)."""

from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils.cache import patch_cache_control

from idm_portal.core import documents
from workshops.services.documents import CONTENT_TYPES, PDF


def serve_upload(item, *, public):
    """The file of an uploaded Document or Statement: a PDF opens in the browser, an Office
    file is saved; no shared cache keeps it unless ``public``. 404 when the file is gone."""
    try:
        content = item.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        content,
        content_type=CONTENT_TYPES[item.file_type],
        as_attachment=item.file_type != PDF,
        filename=item.filename,
    )
    response["X-Content-Type-Options"] = "nosniff"
    if not public:
        patch_cache_control(response, private=True, no_store=True)
    return response


def serve_workshop_document(request, path, workshop, *, name, title, back, **options):
    """``documents.serve_document`` for a document of ``workshop``: the file is called
    ``<name>-<year>-<slug>.<extension>``; ``title`` is a sentence with ``%(title)s`` (the
    workshop's title); ``back`` is (URL name of the workshop's page, its link's label)."""
    extension = options.pop("extension", "pdf")
    back_name, back_label = back
    return documents.serve_document(
        request,
        path,
        filename=f"{name}-{workshop.idm_year.year}-{workshop.slug}.{extension}",
        pending_context={
            "title": title % {"title": workshop.title},
            "back_url": reverse(
                f"workshops:{back_name}", args=[workshop.idm_year.year, workshop.slug]
            ),
            "back_label": back_label,
        },
        **options,
    )

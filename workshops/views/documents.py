"""Documents of workshops: download (anyone who may see the document), upload and delete
(the Secretariat, from the agenda editor, with or without htmx)."""

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from idm_portal.core import roles
from workshops import queries
from workshops.forms import DocumentForm
from workshops.models import Document
from workshops.queries import workshop_or_404
from workshops.services import documents as services
from workshops.views._serving import serve_upload

EDITOR_PARTIAL = "workshops/partials/editor_documents.html"


def _is_htmx(request):
    return request.headers.get("HX-Request") == "true"


def _editor_documents(request, workshop, *, form=None, notices=()):
    """The editor's documents fragment, as htmx swaps it in."""
    return render(
        request,
        EDITOR_PARTIAL,
        {
            "workshop": workshop,
            "documents": queries.editor_documents(workshop),
            "document_form": form or DocumentForm(workshop=workshop),
            "document_notices": notices,
        },
    )


def _back_to_editor(workshop):
    return redirect("workshops:editor", year=workshop.idm_year.year, slug=workshop.slug)


@require_GET
def document(request, pk):
    """The file of a document, to those who may see it; to anyone else it does not exist."""
    doc = get_object_or_404(Document.objects.select_related("workshop"), pk=pk)
    if not roles.can_view_document(request.user, doc):
        raise Http404
    return serve_upload(doc, public=doc.is_public and doc.workshop.is_published)


@roles.role_required(roles.can_edit_agenda)
@require_POST
def upload(request, year, slug):
    workshop = workshop_or_404(year, slug)
    form = DocumentForm(request.POST, request.FILES, workshop=workshop)
    document = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            document = services.upload_document(
                workshop,
                actor=request.user,
                uploaded_file=data["file"],
                kind=data["kind"],
                title=data["title"],
                language=data["language"],
                is_public=data["is_public"],
                session=data["session"],
            )
        except ValidationError as error:
            form.add_error("file", error)
    if document is None:
        if _is_htmx(request):
            # The reasons show under the form's fields. 200, not 422: htmx 2 swaps only
            # successful responses by default.
            refused = _("The document was not uploaded; see below why.")
            return _editor_documents(
                request, workshop, form=form, notices=[{"level": "danger", "text": refused}]
            )
        refused = _("The document was not uploaded: %(reasons)s") % {
            "reasons": " ".join(_errors_of(form))
        }
        messages.error(request, refused)
        return _back_to_editor(workshop)
    done = _("“%(title)s” was uploaded.") % {"title": document.title}
    if _is_htmx(request):
        return _editor_documents(request, workshop, notices=[{"level": "success", "text": done}])
    messages.success(request, done)
    return _back_to_editor(workshop)


def _errors_of(form):
    """Each error as a sentence; those of other fields than the file say which field."""
    return [
        message if name in ("file", NON_FIELD_ERRORS) else f"{form.fields[name].label}: {message}"
        for name, errors in form.errors.items()
        for message in errors
    ]


@roles.role_required(roles.can_edit_agenda)
@require_POST
def delete(request, year, slug, pk):
    workshop = workshop_or_404(year, slug)
    doc = get_object_or_404(Document, workshop=workshop, pk=pk)
    services.delete_document(doc, actor=request.user)
    done = _("“%(title)s” was deleted.") % {"title": doc.title}
    if _is_htmx(request):
        return _editor_documents(request, workshop, notices=[{"level": "success", "text": done}])
    messages.success(request, done)
    return _back_to_editor(workshop)

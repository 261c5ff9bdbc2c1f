"""Discussion notes: the public list (by year and meeting, with their language versions),
a note as a page and as a PDF, and the Secretariat's editor (Markdown with a live preview
that shows the numbering, publish, versions)."""

import hashlib

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from consultations import queries
from consultations.forms import NoteForm
from consultations.models import DiscussionNote
from consultations.rendering import render_body
from consultations.services import notes as services
from idm_portal.core import page_cache, roles
from idm_portal.core.forms import add_service_errors
from idm_portal.core.roles import role_required

PREVIEW_LANGUAGES = {"en", "fr", "es"}


def note_list(request):
    return render(
        request,
        "consultations/notes/note_list.html",
        {
            "years": queries.notes_by_year_and_meeting(request.user),
            "can_edit": roles.can_edit_notes(request.user),
        },
    )


def _visible_note(request, slug, language):
    return get_object_or_404(queries.visible_notes(request.user), slug=slug, language=language)


def _note_body(note):
    """The note's numbered HTML body, from the cache: keyed by the hash of its Markdown and
    its language, so that an edit makes a new entry."""
    digest = hashlib.sha256(note.body.encode()).hexdigest()
    return page_cache.cached_fragment(
        "note-body",
        [digest, note.language],
        lambda: render_body(note.body, language=note.language).html,
    )


def note_detail(request, slug, language):
    """A note as a page: whole from the cache for anonymous visitors (keyed by the note's
    row and its language versions); for a signed-in visitor the cached body inside a page
    rendered for them."""
    note = _visible_note(request, slug, language)
    versions = list(
        queries.visible_notes(request.user).filter(symbol=note.symbol).order_by("language")
    )
    context = {"note": note, "body": _note_body(note), "versions": versions}
    if page_cache.is_anonymous_and_quiet(request):
        return page_cache.anonymous_page(
            request,
            "note",
            page_cache.row_values(note, note.meeting, *versions),
            lambda: render(
                request,
                "consultations/notes/note_detail.html",
                {
                    **context,
                    "can_edit": False,
                    "language_links": page_cache.language_links(request),
                },
            ),
            last_modified=note.updated_at,
        )
    context["can_edit"] = roles.can_edit_notes(request.user)
    return page_cache.personal(render(request, "consultations/notes/note_detail.html", context))


@never_cache
def note_pdf(request, slug, language):
    note = _visible_note(request, slug, language)
    path = services.request_note_pdf(note)
    if path is None:
        return render(
            request, "consultations/notes/note_pdf_pending.html", {"note": note}, status=202
        )
    return FileResponse(
        default_storage.open(path, "rb"),
        content_type="application/pdf",
        filename=f"{note.slug}-{note.language}.pdf",
    )


def _editor(request, form, note=None, status=200):
    body = form["body"].value() or ""
    language = form["language"].value() or "en"
    return render(
        request,
        "consultations/notes/note_editor.html",
        {
            "form": form,
            "note": note,
            "preview": _preview_context(body, language),
            "versions": services.note_versions(note) if note else [],
        },
        status=status,
    )


@role_required(roles.can_edit_notes)
@require_http_methods(["GET", "POST"])
def note_new(request):
    form = NoteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            note = services.create_note(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The note is saved as a draft."))
            return redirect("consultations:note_edit", pk=note.pk)
    return _editor(request, form, status=400 if request.method == "POST" else 200)


@role_required(roles.can_edit_notes)
@require_http_methods(["GET", "POST"])
def note_edit(request, pk):
    note = get_object_or_404(DiscussionNote.objects.select_related("meeting"), pk=pk)
    form = NoteForm(request.POST if request.method == "POST" else None, instance=note)
    if request.method == "POST":
        if form.is_valid():
            try:
                note, changed = services.update_note(note, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if not changed:
                    messages.info(request, _("Nothing changed."))
                elif note.is_published:
                    messages.success(request, _("The note is saved; its PDF is being made again."))
                else:
                    messages.success(request, _("The note is saved."))
                return redirect("consultations:note_edit", pk=note.pk)
        note.refresh_from_db()  # the form's failed validation changed the instance
        return _editor(request, form, note, status=400)
    return _editor(request, form, note)


def _preview_context(body, language):
    errors = services.body_errors(body)
    rendered = render_body(body, language=language if language in PREVIEW_LANGUAGES else "en")
    return {
        "errors": errors,
        "html": rendered.html,
        "paragraph_count": len(rendered.paragraphs),
        "footnote_count": rendered.footnote_count,
        "language": language,
    }


@role_required(roles.can_edit_notes)
@require_POST
def note_preview(request):
    """The htmx preview of the editor: the body as it will be numbered, and its mistakes."""
    context = _preview_context(request.POST.get("body", ""), request.POST.get("language", "en"))
    return render(request, "consultations/partials/note_preview.html", {"preview": context})


@role_required(roles.can_edit_notes)
@require_POST
def note_publish(request, pk):
    note = get_object_or_404(DiscussionNote, pk=pk)
    try:
        services.publish_note(note, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The note is published; its PDF is being made."))
    return redirect("consultations:note_edit", pk=pk)


@role_required(roles.can_edit_notes)
@require_POST
def note_withdraw(request, pk):
    note = get_object_or_404(DiscussionNote, pk=pk)
    services.withdraw_note(note, actor=request.user)
    messages.success(request, _("The note is a draft again: the public no longer sees it."))
    return redirect("consultations:note_edit", pk=pk)

"""Discussion notes: writing, publishing and importing them, and their PDF, made by a worker
and stored under a hash of everything that shapes it, so that the same content is never
rendered twice."""

import datetime as dt
import difflib
import logging
from typing import cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Field
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from consultations.models import GENEVA, DiscussionNote, Meeting, note_slug
from consultations.rendering import RENDERER_VERSION, check_footnotes, render_body
from idm_portal.core import documents, pdf, roles
from idm_portal.core.models import IdmYear
from idm_portal.core.queue import enqueue_on_commit
from idm_portal.core.templatetags.idm import day

logger = logging.getLogger(__name__)

TEMPLATE_NAME = "consultations/pdf/note.html"
# Bump when templates/consultations/pdf/note.html changes, so that stored PDFs are made again.
TEMPLATE_VERSION = 1
PDF_KIND = "note"
PDF_TASK = "consultations.render_note_pdf"

# What the Secretariat writes; the rest (slug, status, dates) follows from it.
NOTE_FIELDS = (
    "symbol",
    "language",
    "original_language",
    "meeting",
    "meeting_heading",
    "place",
    "issue_date",
    "meeting_date",
    "title",
    "subtitle",
    "body",
)
FRONT_MATTER_KEYS = (
    "symbol",
    "language",
    "original_language",
    "meeting_heading",
    "place",
    "issue_date",
    "meeting_date",
    "title",
    "subtitle",
)


def _column(name) -> Field:
    """A column of DiscussionNote by name (never the reverse side of a relation)."""
    return cast(Field, DiscussionNote._meta.get_field(name))


def _check(actor):
    """``actor`` None is the command line (import_note, load_demo); a user must be the
    Secretariat's."""
    if actor is not None and not roles.can_edit_notes(actor):
        raise PermissionDenied(_("Only the Secretariat writes discussion notes."))


def body_errors(body):
    """The mistakes of a body, each naming its line ("Line 3: footnote [^2] ...")."""
    return [str(error) for error in check_footnotes(body)]


def _normalized(fields):
    """Line ends as Unix writes them (browsers send CRLF), so that a body saved again from
    the editor is the same body."""
    if isinstance(fields.get("body"), str):
        fields["body"] = fields["body"].replace("\r\n", "\n").replace("\r", "\n")
    return fields


def _validated(note):
    errors = body_errors(note.body)
    if errors:
        raise ValidationError({"body": errors})
    note.slug = note_slug(note.symbol)
    note.full_clean()


def _save(note, *, actor, reason):
    note._history_user = actor  # simple_history: who made this version
    note._change_reason = reason
    note.save()


def _queue_pdf_after_commit(note):
    if note.is_published:
        # The next visit asks again when the broker is down.
        enqueue_on_commit(PDF_TASK, args=[note.pk])


@transaction.atomic
def create_note(*, actor, status=DiscussionNote.Status.DRAFT, **fields):
    """A new note (a draft unless ``status`` says published); a published one gets its PDF
    made by a worker after the commit."""
    _check(actor)
    note = DiscussionNote(status=status, **_normalized(fields))
    if note.is_published:
        note.published_at = timezone.now()
    _validated(note)
    _save(note, actor=actor, reason="created")
    _queue_pdf_after_commit(note)
    return note


def _differs(note, name, value):
    if name == "meeting":
        return note.meeting_id != getattr(value, "pk", value)
    field = _column(name)
    try:
        value = field.to_python(value)  # "2009-04-17" and date(2009, 4, 17) are one date
    except ValidationError:
        return True  # full_clean names what is wrong
    return getattr(note, name) != value


@transaction.atomic
def update_note(note, *, actor, **fields):
    """Change what the Secretariat wrote. Returns whether anything changed: saving without a
    change writes no version and makes no PDF; a change to a published note makes a new PDF
    (by a worker, after the commit)."""
    _check(actor)
    note = DiscussionNote.objects.select_for_update().get(pk=note.pk)
    fields = _normalized(fields)
    changed = [name for name, value in fields.items() if _differs(note, name, value)]
    if not changed:
        return note, False
    for name, value in fields.items():
        setattr(note, name, value)
    _validated(note)
    _save(note, actor=actor, reason="changed " + ", ".join(changed))
    _queue_pdf_after_commit(note)
    return note, True


@transaction.atomic
def publish_note(note, *, actor):
    """Make a draft public; a worker makes its PDF after the commit."""
    _check(actor)
    note = DiscussionNote.objects.select_for_update().get(pk=note.pk)
    if note.is_published:
        return note
    _validated(note)
    note.status = DiscussionNote.Status.PUBLISHED
    note.published_at = timezone.now()
    _save(note, actor=actor, reason="published")
    _queue_pdf_after_commit(note)
    return note


@transaction.atomic
def withdraw_note(note, *, actor):
    """Take a published note back to draft: the public no longer sees it."""
    _check(actor)
    note = DiscussionNote.objects.select_for_update().get(pk=note.pk)
    if not note.is_published:
        return note
    note.status = DiscussionNote.Status.DRAFT
    _save(note, actor=actor, reason="withdrawn")
    return note


# --- Import from a Markdown file with YAML front matter ---------------------------------


def parse_note_file(text):
    """(metadata, body) of a Markdown file that starts with YAML front matter between two
    ``---`` lines. Raises ValidationError naming what is wrong."""
    import yaml

    text = text.lstrip("\ufeff")
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise ValidationError(_("The file must start with front matter between two --- lines."))
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        raise ValidationError(_("The front matter has no closing --- line."))
    try:
        metadata = yaml.safe_load("".join(lines[1:end])) or {}
    except yaml.YAMLError as error:
        raise ValidationError(_("The front matter is not valid YAML: %s") % error) from error
    if not isinstance(metadata, dict):
        raise ValidationError(_("The front matter must be a list of key: value lines."))
    missing = [key for key in FRONT_MATTER_KEYS if key not in metadata and key != "subtitle"]
    if missing:
        raise ValidationError(_("The front matter lacks: %s.") % ", ".join(missing))
    unknown = sorted(set(metadata) - {*FRONT_MATTER_KEYS, "status"})
    if unknown:
        raise ValidationError(_("Unknown front matter keys: %s.") % ", ".join(unknown))
    for key in ("issue_date", "meeting_date"):
        value = metadata[key]
        if isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value)
            except ValueError as error:
                raise ValidationError(
                    _("%(key)s must be a date as YYYY-MM-DD, not %(value)r.")
                    % {"key": key, "value": value}
                ) from error
        if not isinstance(value, dt.date):
            raise ValidationError(_("%s must be a date as YYYY-MM-DD.") % key)
        metadata[key] = value
    body = "".join(lines[end + 1 :]).strip("\n") + "\n"
    return metadata, body


def _meeting_on(date, heading):
    """The meeting held on ``date``; made (in the IDM year of that date) if there is none."""
    meeting = Meeting.objects.filter(date=date).order_by("pk").first()
    if meeting is not None:
        return meeting
    idm_year = IdmYear.objects.filter(year=date.year).first()
    if idm_year is None:
        raise ValidationError(
            _("No meeting on %(date)s and no IDM year %(year)s to hold one.")
            % {"date": day(date), "year": date.year}
        )
    # title_en: the English heading, never copied into the page's language's column.
    return Meeting.objects.create(idm_year=idm_year, title_en=heading.title(), date=date, **GENEVA)


@transaction.atomic
def import_note(text, *, actor=None):
    """Create or update the note of a Markdown file with front matter (same symbol and
    language: the same note). Returns (note, what happened: "created", "updated" or
    "unchanged")."""
    _check(actor)
    metadata, body = parse_note_file(text)
    status = metadata.pop("status", DiscussionNote.Status.DRAFT)
    if status not in DiscussionNote.Status.values:
        raise ValidationError(_("status must be draft or published, not %r.") % status)
    fields = {key: metadata.get(key) or "" for key in FRONT_MATTER_KEYS}
    fields["issue_date"], fields["meeting_date"] = metadata["issue_date"], metadata["meeting_date"]
    fields["symbol"] = str(fields["symbol"])
    fields["body"] = body
    fields["meeting"] = _meeting_on(fields["meeting_date"], fields["meeting_heading"])
    note = DiscussionNote.objects.filter(
        symbol=fields["symbol"], language=fields["language"]
    ).first()
    if note is None:
        return create_note(actor=actor, status=status, **fields), "created"
    note, changed = update_note(note, actor=actor, **fields)
    if status == DiscussionNote.Status.PUBLISHED and not note.is_published:
        note, changed = publish_note(note, actor=actor), True
    return note, "updated" if changed else "unchanged"


# --- Versions --------------------------------------------------------------------------


def note_versions(note):
    """The versions of a note, newest first, each with who, when, which fields changed and
    the lines of the body that changed (a unified diff)."""
    records = list(note.history.select_related("history_user").order_by("-history_id"))
    versions = []
    for index, record in enumerate(records):
        previous = records[index + 1] if index + 1 < len(records) else None
        changed, diff = [], []
        if previous is not None:
            delta = record.diff_against(previous, excluded_fields=["slug", "published_at"])
            names = {change.field for change in delta.changes}
            changed = [f.name for f in DiscussionNote._meta.fields if f.name in names]
            if "body" in changed:
                diff = list(
                    difflib.unified_diff(
                        previous.body.splitlines(),
                        record.body.splitlines(),
                        lineterm="",
                        n=1,
                    )
                )[2:]  # the ---/+++ file lines say nothing here
        versions.append(
            {
                "number": len(records) - index,
                "record": record,
                "changed": [str(_column(name).verbose_name) for name in changed],
                "diff": diff,
            }
        )
    return versions


# --- PDF -------------------------------------------------------------------------------


def shaped_by(note):
    """Everything the PDF of ``note`` shows or is made with."""
    return [
        note.symbol,
        note.language,
        note.original_language,
        note.meeting_heading,
        note.place,
        note.issue_date.isoformat(),
        note.meeting_date.isoformat(),
        note.title,
        note.subtitle,
        note.body,
        str(pdf.LETTERHEAD_VERSION),
        str(TEMPLATE_VERSION),
        str(RENDERER_VERSION),
    ]


def _folder(note):
    return f"notes/{note.slug}/{note.language}"


def stored_path(note):
    """Where the PDF of ``note`` as it is now is kept."""
    return documents.path_of(shaped_by(note), folder=_folder(note))


def pdf_context(note):
    rendered = render_body(note.body, language=note.language, for_pdf=True)
    return {"note": note, "body": rendered.html}


def note_pdf_html(note):
    """The final HTML that WeasyPrint makes the PDF of."""
    with translation.override(note.language):
        return pdf.render_html(TEMPLATE_NAME, pdf_context(note), language=note.language)


def make_note_pdf(note):
    """The PDF bytes of ``note``, made now (no storage)."""
    with translation.override(note.language):
        return pdf.render_pdf(TEMPLATE_NAME, pdf_context(note), language=note.language)


def render_note_pdf(note):
    """Make and store the PDF of ``note`` unless it is stored already; return its path.
    Running it twice gives the same file."""
    return documents.make_document(
        PDF_KIND, shaped_by(note), folder=_folder(note), render_content=lambda: make_note_pdf(note)
    )


def request_note_pdf(note):
    """The path of the stored PDF of ``note``; when it is not made yet, queue its making
    once (after the transaction commits) and return None, unless the task ran at once (no
    broker) and made it."""
    return documents.request_document(
        PDF_KIND,
        shaped_by(note),
        folder=_folder(note),
        task=PDF_TASK,
        args=[note.pk],
    )

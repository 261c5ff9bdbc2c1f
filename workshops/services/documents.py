"""Documents of workshops: upload and delete. Uploads are checked by what the file contains
(its magic bytes and, for Office files, the parts inside the ZIP container), never by its
name, and stored under a safe name that ends in the detected type's extension."""

import logging
import zipfile
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.formats import number_format
from django.utils.text import get_valid_filename, slugify
from django.utils.translation import gettext as _

from idm_portal.core import roles
from idm_portal.core.text import clean_line
from workshops.models import Document

logger = logging.getLogger(__name__)

PDF, DOCX, PPTX, XLSX = "pdf", "docx", "pptx", "xlsx"

CONTENT_TYPES = {
    PDF: "application/pdf",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    PPTX: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

# The part that makes an Office Open XML package a document, a presentation or a workbook.
OFFICE_MAIN_PARTS = {
    DOCX: "word/document.xml",
    PPTX: "ppt/presentation.xml",
    XLSX: "xl/workbook.xml",
}

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"

# Room for "workshops/<id>/<12 hex>-" in the 300 characters of Document.file.
MAX_NAME_STEM = 80


def max_upload_bytes():
    return settings.DOCUMENT_MAX_UPLOAD_MB * 1024 * 1024


def _check(actor, workshop):
    if not roles.can_edit_agenda(actor, workshop):
        raise PermissionDenied


def check_size(uploaded_file):
    """Refuse a file over the limit, from its size alone (before reading a byte)."""
    limit = settings.DOCUMENT_MAX_UPLOAD_MB
    if uploaded_file.size > max_upload_bytes():
        raise ValidationError(
            _("The file is %(size)s MB; the limit is %(limit)d MB.")
            % {"size": number_format(uploaded_file.size / (1024 * 1024), 1), "limit": limit},
            code="too_large",
        )


def detect_file_type(uploaded_file):
    """The file's type from its content: "pdf", "docx", "pptx" or "xlsx"; a ValidationError
    for anything else."""
    uploaded_file.seek(0)
    head = uploaded_file.read(len(ZIP_MAGIC) + 1)
    uploaded_file.seek(0)
    detected = None
    if head.startswith(PDF_MAGIC):
        detected = PDF
    elif head.startswith(ZIP_MAGIC):
        detected = _office_type(uploaded_file)
    uploaded_file.seek(0)
    if detected is None:
        raise ValidationError(
            _(
                "Only PDF, Word (DOCX), PowerPoint (PPTX) and Excel (XLSX) files are accepted; "
                "this file is none of them."
            ),
            code="file_type",
        )
    return detected


def _office_type(uploaded_file):
    # Only the ZIP's central directory is read, nothing is decompressed: a ZIP bomb costs
    # nothing here.
    try:
        with zipfile.ZipFile(uploaded_file) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    for file_type, main_part in OFFICE_MAIN_PARTS.items():
        if main_part in names:
            return file_type
    return None


def safe_file_name(original_name, title, file_type):
    """An ASCII name without any path, from the uploaded file's name (or else the title),
    ending in the detected type's extension: "../../Réunion été.exe" -> "reunion-ete.pdf"."""
    # Browsers may send a Windows path; keep only its last component, without extension.
    stem = PurePosixPath(clean_line(original_name or "").replace("\\", "/")).name
    stem = stem.rsplit(".", 1)[0] if "." in stem.lstrip(".") else stem
    for candidate in (stem, title or ""):
        base = slugify(candidate)[:MAX_NAME_STEM].strip("-_")
        if base:
            break
    else:
        base = "document"
    return get_valid_filename(f"{base}.{file_type}")


@transaction.atomic
def upload_document(
    workshop,
    *,
    actor,
    uploaded_file,
    kind,
    title,
    language,
    is_public,
    session=None,
):
    """Store a PDF, DOCX, PPTX or XLSX file as a document of ``workshop`` (and of one of its
    sessions). Refuses, with a ValidationError that says why, a file over the size limit, a
    file of any other type whatever its name, and a session of another workshop. Returns the
    new Document."""
    _check(actor, workshop)
    if session is not None and session.workshop_id != workshop.pk:
        raise ValidationError(_("That session is not part of this workshop."), code="session")
    check_size(uploaded_file)
    file_type = detect_file_type(uploaded_file)
    document = Document(
        workshop=workshop,
        session=session,
        kind=kind,
        title=title,
        language=language,
        is_public=is_public,
        file_type=file_type,
        size=uploaded_file.size,
        uploaded_by=actor,
    )
    save_with_file(document, uploaded_file, name_hint=title)
    logger.info(
        "Document %s (%s, %d bytes) uploaded to workshop %s by user %s",
        document.pk,
        file_type,
        document.size,
        workshop.pk,
        getattr(actor, "pk", None),
    )
    return document


def save_with_file(instance, uploaded_file, *, name_hint):
    """Save ``instance`` (a Document or a Statement) with ``uploaded_file`` in its ``file``:
    everything but the file is checked before anything is written to storage, the file is
    stored under a safe name (from ``name_hint`` where the upload's is unsafe), and removed
    again if the row is not saved."""
    instance.full_clean(exclude=["file"])
    name = safe_file_name(uploaded_file.name, name_hint, instance.file_type)
    instance.file.save(name, uploaded_file, save=False)
    try:
        instance.save()
    except BaseException:
        instance.file.storage.delete(instance.file.name)
        raise
    return instance


@transaction.atomic
def delete_document(document, *, actor):
    """Delete a document; its file goes once the deletion is committed. Returns the deleted
    document (without a primary key)."""
    _check(actor, document.workshop)
    storage, name = document.file.storage, document.file.name
    document.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))
    return document

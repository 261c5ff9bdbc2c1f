"""Text that people type, made safe to store and show: control characters and Unicode
bidirectional controls removed. A right-to-left override (U+202E) in a name or a title can
make "Report‮fdp.exe" read as "Reportexe.pdf", or disguise a person's name; a NUL byte is
refused by PostgreSQL. One helper, used by every model's short text fields (signals in
apps.py), by the forms' text fields and by file names of uploads. ``checked_text`` is the
one check of a text a service takes (stripped, required, at most so long)."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

# Embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), the marks (U+200E,
# U+200F) and the Arabic letter mark (U+061C).
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
_BIDI_RE = re.compile(f"[{BIDI_CONTROLS}]")
# C0 and C1 control characters and DEL; line breaks and tabs are handled apart.
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LINE_BREAK_RE = re.compile("[\t\n\r\u2028\u2029\x85]+")


def has_unsafe_characters(value):
    """Whether ``value`` holds a control character (other than a line break or tab) or a
    bidirectional control."""
    return bool(_CONTROL_RE.search(value) or _BIDI_RE.search(value))


def clean_line(value):
    """A name, a title or a file name on one line: bidirectional and control characters
    removed, line breaks and tabs made single spaces. Anything else is left as typed."""
    if not isinstance(value, str):
        return value
    value = _CONTROL_RE.sub("", _BIDI_RE.sub("", value))
    return _LINE_BREAK_RE.sub(" ", value)


def clean_text(value):
    """A longer text (a rationale, a note's body): control characters and bidirectional
    controls removed; line breaks and tabs kept."""
    if not isinstance(value, str):
        return value
    return _CONTROL_RE.sub("", _BIDI_RE.sub("", value))


def checked_text(value, *, max_length, label=None, field=None, required=True, empty_message=None):
    """``value`` cleaned (``clean_text``) and stripped, or a ValidationError: when it is
    empty and ``required``, when it is longer than ``max_length``. The messages name
    ``label`` ("The title may not be empty.") when one is given, else say ``empty_message``
    and "At most N characters, please"; with ``field`` the error is keyed by that field
    (``{field: message}``), as a form shows it under the field."""
    value = clean_text(value or "").strip()
    message = None
    if required and not value:
        if label is not None:
            message = _("%(field)s may not be empty.") % {"field": label}
        else:
            message = empty_message or _("This field is required.")
    elif len(value) > max_length:
        if label is not None:
            message = _("%(field)s may have at most %(max)d characters (it has %(length)d).") % {
                "field": label,
                "max": max_length,
                "length": len(value),
            }
        else:
            message = _("At most %(limit)d characters, please (this text has %(length)d).") % {
                "limit": max_length,
                "length": len(value),
            }
    if message is not None:
        raise ValidationError({field: message} if field else message)
    return value


def checked_fields(**fields):
    """Each ``name=(value, options)`` through ``checked_text(value, **options)``: the
    cleaned values by name, or one ValidationError that names every field at fault."""
    cleaned, errors = {}, {}
    for name, (value, options) in fields.items():
        try:
            cleaned[name] = checked_text(value, **options)
        except ValidationError as error:
            errors[name] = error.messages
    if errors:
        raise ValidationError(errors)
    return cleaned


# The apps whose models' text is cleaned before every save (by app label: the core imports
# no app).
PORTAL_APP_LABELS = frozenset({"core", "workshops", "consultations"})


def clean_model_text(sender, instance, **kwargs):
    """``pre_save`` receiver: the text fields of a portal model (names, titles, bodies) and
    its file names lose their bidirectional and control characters (line breaks and tabs
    kept). Admin, forms, services and imports all save through here."""
    if sender._meta.app_label not in PORTAL_APP_LABELS:
        return
    for model_field in sender._meta.concrete_fields:
        if isinstance(model_field, models.FileField):
            value = getattr(instance, model_field.attname)
            if value and value.name and has_unsafe_characters(value.name):
                value.name = clean_line(value.name)
            continue
        if not isinstance(model_field, models.CharField | models.TextField):
            continue
        value = getattr(instance, model_field.attname)
        if isinstance(value, str) and has_unsafe_characters(value):
            setattr(instance, model_field.attname, clean_text(value))

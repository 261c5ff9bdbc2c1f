"""The three languages of what the Secretariat writes (titles, descriptions, places...):
a column per language (django-modeltranslation, see */translation.py), entered side by
side in the Secretariat's forms, English required, French and Spanish optional."""

from __future__ import annotations

from typing import Any

from crispy_forms.layout import Column, Field, Fieldset, Row
from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

LANGUAGE_CODES = ("en", "fr", "es")
LANGUAGE_NAMES = {"en": _("English"), "fr": _("French"), "es": _("Spanish")}
MISSING = {"fr": _("French missing"), "es": _("Spanish missing")}


def per_language(*names: str) -> tuple[str, ...]:
    """("title",) -> ("title_en", "title_fr", "title_es")."""
    return tuple(f"{name}_{code}" for name in names for code in LANGUAGE_CODES)


def prepare(form: forms.ModelForm[Any], *names: str) -> None:
    """Label the language columns of ``names`` in ``form`` by language; French and Spanish
    are optional (English stays as the model says: required unless the field may be blank);
    an empty French or Spanish text of a saved object is marked "French missing"."""
    for name in names:
        model_field = form._meta.model._meta.get_field(name)
        for code in LANGUAGE_CODES:
            field = form.fields[f"{name}_{code}"]
            field.label = LANGUAGE_NAMES[code]
            field.help_text = ""
            field.required = code == "en" and not model_field.blank
            saved = getattr(form.instance, f"{name}_{code}", None)
            if code != "en" and form.instance.pk and not saved:
                field.help_text = MISSING[code]


def side_by_side(form: forms.ModelForm[Any], name: str, *, width: int = 4) -> Fieldset:
    """A fieldset for ``name``: its legend, then English, French and Spanish side by side
    (one under another on a narrow screen)."""
    legend = capfirst(form._meta.model._meta.get_field(name).verbose_name)
    columns = [
        Column(Field(f"{name}_{code}"), css_class=f"col-md-{width}") for code in LANGUAGE_CODES
    ]
    return Fieldset(legend, Row(*columns), css_class="languages")

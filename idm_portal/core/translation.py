"""The IDM year's overarching theme per language (django-modeltranslation), falling back to
English."""

from modeltranslation.translator import TranslationOptions, register

from .models import IdmYear


@register(IdmYear)
class IdmYearTranslation(TranslationOptions):
    fields = ("overarching_theme",)

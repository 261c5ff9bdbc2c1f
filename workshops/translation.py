"""What the Secretariat writes about workshops, per language (django-modeltranslation):
``title`` reads the active language's column (``title_fr``...) and falls back to English."""

from modeltranslation.translator import TranslationOptions, register

from .models import Document, Session, Speaker, Workshop


# The history (django-simple-history) keeps every language too: its models are registered
# with the same fields as the models they follow.
@register([Workshop, Workshop.history.model])
class WorkshopTranslation(TranslationOptions):
    fields = ("title", "description", "venue", "city")


@register([Session, Session.history.model])
class SessionTranslation(TranslationOptions):
    fields = ("title", "description")


@register([Speaker, Speaker.history.model])
class SpeakerTranslation(TranslationOptions):
    fields = ("position", "organization")


@register(Document)
class DocumentTranslation(TranslationOptions):
    fields = ("title",)

from django.conf import settings
from django.utils import translation
from rest_framework import serializers

from idm_portal.core.api.base import wants_all_languages
from idm_portal.core.models import IdmYear

TRANSLATED_COMPONENTS: dict[str, tuple[str, ...]] = {}


class InEachLanguage(serializers.Serializer):
    # A serializer whose texts that depend on the language (``Meta.translated``: the
    # Secretariat's texts in three columns, labels, links to a page in one language) are,
    # for a client that asks ``?lang=all``, each {"en": ..., "fr": ..., "es": ...}: in each
    # language what ``?lang=<code>`` answers (English where a translation is missing). The
    # schema says so (``oneOf``: the text, or the text in each language). A comment, not a
    # docstring: the schema would take it as each serializer's description.

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        translated = tuple(getattr(getattr(cls, "Meta", None), "translated", ()))
        cls._translated = translated
        if translated:
            TRANSLATED_COMPONENTS[cls.__name__.removesuffix("Serializer")] = tuple(translated)

    _translated: tuple[str, ...] = ()
    _translated_only = False

    @property
    def _readable_fields(self):
        fields = super()._readable_fields
        if self._translated_only:
            return (field for field in fields if field.field_name in self._translated)
        return fields

    def to_representation(self, instance):
        if not wants_all_languages(self.context.get("request")):
            return super().to_representation(instance)
        base = settings.LANGUAGE_CODE
        with translation.override(base):
            shown = super().to_representation(instance)
        by_language = {base: shown}
        # The other languages: only the translated fields are read again.
        self._translated_only = True
        try:
            for code, _name in settings.LANGUAGES:
                if code != base:
                    with translation.override(code):
                        by_language[code] = super().to_representation(instance)
        finally:
            self._translated_only = False
        for name in self._translated:
            if name in shown:
                shown[name] = {code: texts[name] for code, texts in by_language.items()}
        return shown


class IdmYearSerializer(InEachLanguage, serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = IdmYear
        fields = ["year", "overarching_theme", "status", "status_label"]
        translated = ["overarching_theme", "status_label"]


class OutboxStatusSerializer(serializers.Serializer):
    queued = serializers.IntegerField()
    sending = serializers.IntegerField()
    sent = serializers.IntegerField()
    failed = serializers.IntegerField()
    oldest_queued_at = serializers.DateTimeField(allow_null=True)

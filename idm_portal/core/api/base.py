"""What every API view shares: the content language (``?lang=`` or ``Accept-Language``;
``?lang=all`` for the three languages in one answer) and ETags with conditional GET (304
Not Modified)."""

import hashlib

from django.conf import settings
from django.http import HttpResponseNotModified
from django.utils import translation
from django.utils.cache import patch_vary_headers
from rest_framework import generics, views

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}
# ``?lang=all``: each translated text as {"en": ..., "fr": ..., "es": ...} (the serializers
# with ``Meta.translated``); every other text in English.
ALL_LANGUAGES = "all"


def wants_all_languages(request):
    """Whether the client asked for the three languages in one answer (``?lang=all``); a
    serializer that asks is taken to answer so (Content-Language: en, fr, es)."""
    query = getattr(request, "query_params", None)
    if query is None or query.get("lang") != ALL_LANGUAGES:
        return False
    request.in_each_language = True
    return True


class ApiMixin(views.APIView):
    def initial(self, request, *args, **kwargs):
        lang = request.query_params.get("lang")
        if lang == ALL_LANGUAGES:
            lang = settings.LANGUAGE_CODE
        if lang in LANGUAGE_CODES:
            translation.activate(lang)
            request.LANGUAGE_CODE = lang
        super().initial(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, ("Accept-Language", "Authorization"))
        if getattr(request, "in_each_language", False):
            language = ALL_LANGUAGES
            response["Content-Language"] = ", ".join(code for code, _name in settings.LANGUAGES)
        else:
            language = translation.get_language()
            response["Content-Language"] = language
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        if getattr(response, "streaming", False):
            return response
        if hasattr(response, "render"):
            response.render()
        shaped_by = language.encode() + b"\0" + response.content
        etag = '"' + hashlib.sha256(shaped_by).hexdigest()[:32] + '"'
        response["ETag"] = etag
        if etag in _etags(request.headers.get("If-None-Match", "")):
            not_modified = HttpResponseNotModified()
            for header in ("ETag", "Vary", "Content-Language", "Cache-Control"):
                if header in response:
                    not_modified[header] = response[header]
            return not_modified
        return response


def _etags(header):
    return {part.strip().removeprefix("W/") for part in header.split(",") if part.strip()}


class ApiView(ApiMixin, views.APIView):
    pass


class ListApiView(ApiMixin, generics.ListAPIView):
    pass


class RetrieveApiView(ApiMixin, generics.RetrieveAPIView):
    pass

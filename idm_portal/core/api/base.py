"""What every API view shares: the content language (``?lang=`` or ``Accept-Language``)
and ETags with conditional GET (304 Not Modified)."""

import hashlib

from django.conf import settings
from django.http import HttpResponseNotModified
from django.utils import translation
from django.utils.cache import patch_vary_headers
from rest_framework import generics, views

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


class ApiMixin(views.APIView):
    def initial(self, request, *args, **kwargs):
        lang = request.query_params.get("lang")
        if lang in LANGUAGE_CODES:
            translation.activate(lang)
            request.LANGUAGE_CODE = lang
        super().initial(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, ("Accept-Language", "Authorization"))
        response["Content-Language"] = translation.get_language()
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        if getattr(response, "streaming", False):
            return response
        if hasattr(response, "render"):
            response.render()
        language = translation.get_language().encode()
        etag = '"' + hashlib.sha256(language + b"\0" + response.content).hexdigest()[:32] + '"'
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

"""Middleware of the portal: response headers that Django does not set itself, and a 400
for requests that carry a NUL byte (PostgreSQL refuses NUL in text: a filter or a search
would otherwise answer 500)."""

from django.conf import settings
from django.http import HttpResponseBadRequest
from django.template.loader import render_to_string

NUL = "\x00"


class PermissionsPolicyMiddleware:
    """Sends ``Permissions-Policy`` from ``settings.PERMISSIONS_POLICY`` (feature -> list of
    allowed origins; an empty list turns the feature off for every origin)."""

    def __init__(self, get_response):
        self.get_response = get_response
        policy = getattr(settings, "PERMISSIONS_POLICY", {})
        self.header = ", ".join(
            f"{feature}=({' '.join(origins)})" for feature, origins in policy.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


def _carries_nul(query_dict):
    for key, values in query_dict.lists():
        if NUL in key or any(isinstance(value, str) and NUL in value for value in values):
            return True
    return False


class RefuseNulBytesMiddleware:
    """Answers 400 (the portal's "Bad request" page) to a request whose query string or form
    fields hold a NUL byte, before any view reads them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            NUL in request.path
            or _carries_nul(request.GET)
            or (request.method == "POST" and _carries_nul(request.POST))
        ):
            return HttpResponseBadRequest(render_to_string("400.html", request=request))
        return self.get_response(request)

"""Errors as RFC 9457 problem details (``application/problem+json``): type, title, status,
detail, and the invalid fields under ``errors``."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

PROBLEM_TYPE_BASE = "https://idm.iom.int/api/problems/"
CONTENT_TYPE = "application/problem+json"


def problem(status_code, title, detail="", *, kind=None, errors=None, headers=None):
    body = {
        "type": PROBLEM_TYPE_BASE + (kind or str(status_code)),
        "title": str(title),
        "status": status_code,
        "detail": str(detail),
    }
    if errors is not None:
        body["errors"] = errors
    response = Response(body, status=status_code, headers=headers, content_type=CONTENT_TYPE)
    return response


TITLES = {
    400: _("The request is not valid"),
    401: _("A valid API token is needed"),
    403: _("This token may not do this"),
    404: _("Not found"),
    405: _("Method not allowed"),
    406: _("Not acceptable"),
    409: _("Conflict"),
    415: _("Unsupported media type"),
    429: _("Too many requests"),
}


def _text(detail):
    if isinstance(detail, (list, tuple)):
        return " ".join(_text(part) for part in detail)
    if isinstance(detail, dict):
        return " ".join(_text(part) for part in detail.values())
    return str(detail)


def problem_details_handler(exc, context):
    """DRF's exception handler, answered as problem details. A Django ValidationError from a
    service (a rule of the domain) is a 409; PermissionDenied from a service a 403."""
    if isinstance(exc, DjangoValidationError):
        return problem(
            status.HTTP_409_CONFLICT,
            _("The portal's rules refuse this"),
            " ".join(exc.messages),
            kind="rule",
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    code = response.status_code
    errors = None
    if isinstance(exc, exceptions.ValidationError):
        errors = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        detail = _("See the errors of each field.")
    else:
        detail = _text(getattr(exc, "detail", ""))
    headers = {
        name: value
        for name, value in response.headers.items()
        if name in ("Retry-After", "WWW-Authenticate", "Allow")
    }
    return problem(code, TITLES.get(code, _("Error")), detail, errors=errors, headers=headers)

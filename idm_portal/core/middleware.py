"""Middleware of the portal.

Headers and bad input: response headers that Django does not set itself, and a 400 for
requests that carry a NUL byte (PostgreSQL refuses NUL in text: a filter or a search would
otherwise answer 500).

Accounts: MFA is required of every Secretariat member and staff user.

A signed-in user who may open the admin or a Secretariat page (staff, superusers, members of
a Secretariat role) and has no second factor (TOTP or a security key) is sent to set one up,
with a message, before any other page opens: only the account pages (MFA set-up, sign-out,
e-mail, password) stay open. allauth then asks for the second factor at every sign-in.

Whether the user has MFA (or needs none) is decided once, at sign-in (``user_logged_in``),
and kept in the session, so that pages cost no extra query; a user who has not set it up
yet is looked up again on each request until they have. Granting a role ends the grantee's
sessions (services/accounts.py), so the new role is checked at their next sign-in.
"""

from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_removed
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from idm_portal.core import roles

SESSION_KEY = "idm_mfa_ok"
SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)
# Paths (after the language prefix) a user without MFA may still open.
OPEN_PATHS = ("accounts/",)


def mfa_required_of(user):
    """Staff, superusers and Secretariat members must sign in with a second factor."""
    return bool(user.is_staff or user.is_superuser or roles.is_secretariat(user))


def has_second_factor(user):
    return Authenticator.objects.filter(user_id=user.pk, type__in=SECOND_FACTORS).exists()


@receiver(user_logged_in, dispatch_uid="idm_mfa_at_login")
def _remember_mfa_at_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = not mfa_required_of(user) or has_second_factor(user)
        user.__dict__.pop("_idm_roles", None)  # roles are read afresh by the next request


@receiver(authenticator_removed, dispatch_uid="idm_mfa_removed")
def _recheck_mfa_after_removal(sender, request, user, **kwargs):
    """A security key removed may have been the last second factor: look again."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = not mfa_required_of(user) or has_second_factor(user)


def _is_open(request):
    path = request.path_info.lstrip("/")
    _language, _slash, rest = path.partition("/")
    return rest.startswith(OPEN_PATHS) or path.startswith(("i18n/", "static/", "healthz"))


class SecretariatMfaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.session.get(SESSION_KEY)
            and not _is_open(request)
        ):
            if mfa_required_of(user) and not has_second_factor(user):
                messages.warning(
                    request,
                    _(
                        "Your account can open Secretariat pages: set up two-factor "
                        "authentication (an authenticator app or a security key) first."
                    ),
                )
                return redirect(reverse("mfa_index"))
            request.session[SESSION_KEY] = True
        return self.get_response(request)


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
    """Answers 400 (the portal's "Bad request" page; problem details under /api/) to a request
    whose query string or form fields hold a NUL byte, before any view reads them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        api = request.path.startswith("/api/")
        if (
            NUL in request.path
            or _carries_nul(request.GET)
            # The API parses its own bodies (JSON), and answers their errors as problems.
            or (request.method == "POST" and not api and _carries_nul(request.POST))
        ):
            if api:
                problem = {
                    "type": "about:blank",
                    "title": "Bad request",
                    "status": 400,
                    "detail": "A parameter holds a NUL character.",
                }
                return JsonResponse(problem, status=400, content_type="application/problem+json")
            return HttpResponseBadRequest(render_to_string("400.html", request=request))
        return self.get_response(request)

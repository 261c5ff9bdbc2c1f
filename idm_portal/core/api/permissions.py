"""Scopes: what an API token may reach. ``HasScope("registrations:read")``."""

from rest_framework import permissions

from idm_portal.core.models import ApiToken


def token_of(request):
    return request.auth if isinstance(request.auth, ApiToken) else None


def has_scope(request, scope):
    token = token_of(request)
    return token is not None and token.has_scope(scope)


def HasScope(*scopes):
    """A permission class that admits a token with any of ``scopes``."""

    class _HasScope(permissions.BasePermission):
        required_scopes = scopes

        def has_permission(self, request, view):
            return any(has_scope(request, scope) for scope in scopes)

    _HasScope.__name__ = "HasScope_" + "_".join(s.replace(":", "_") for s in scopes)
    return _HasScope

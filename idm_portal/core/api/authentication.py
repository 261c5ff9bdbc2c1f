"""``Authorization: Bearer idm_...`` (or ``Token idm_...``): the API token of a system.

The request acts as the Secretariat member who created the token, so that the services'
own role checks apply to every write; the token's scopes narrow what it may reach."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from idm_portal.core import roles
from idm_portal.core.services import api_tokens

KEYWORDS = ("bearer", "token")


class ApiTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode(errors="replace").lower() not in KEYWORDS:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Give one token after the keyword."))
        try:
            secret = header[1].decode()
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed(_("This token is not valid.")) from error
        token = api_tokens.token_for_secret(secret)
        if token is None:
            raise exceptions.AuthenticationFailed(_("This token is not valid."))
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("This token has been revoked."))
        if not token.is_active():
            raise exceptions.AuthenticationFailed(_("This token has expired."))
        if not roles.is_signed_in(token.created_by):
            raise exceptions.AuthenticationFailed(_("This token's owner is no longer active."))
        api_tokens.record_use(token)
        return token.created_by, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = ApiTokenAuthentication
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An API token made by the Secretariat (Secretariat > API tokens).",
        }

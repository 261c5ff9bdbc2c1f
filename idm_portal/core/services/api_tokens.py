"""API tokens: create (the secret shown once, only its SHA-256 kept), revoke, find the token
of a request, note when a token was last used."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Collection
from datetime import datetime, timedelta

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from idm_portal.core import roles
from idm_portal.core.models import ApiToken
from idm_portal.core.roles import Person

TOKEN_PREFIX = "idm_"  # noqa: S105 (the visible start of every token, not a secret)
# A token's last use is written at most this often (not on every request).
LAST_USED_RESOLUTION = timedelta(minutes=1)


def digest_of(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(
    *, actor: Person, name: str, scopes: Collection[str], expires_at: datetime
) -> tuple[ApiToken, str]:
    """Create a token for the system ``name`` with ``scopes`` until ``expires_at``. Returns
    (token, secret): the secret is never stored and cannot be shown again."""
    if not roles.can_manage_api_tokens(actor) or isinstance(actor, AnonymousUser):
        raise PermissionDenied
    unknown = set(scopes) - set(ApiToken.Scope.values)
    if unknown or not scopes:
        raise ValidationError(_("Choose at least one scope."))
    if expires_at <= timezone.now():
        raise ValidationError(_("The expiry must be in the future."))
    prefix = secrets.token_hex(4)
    secret = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    with transaction.atomic():
        token = ApiToken.objects.create(
            name=name.strip(),
            prefix=prefix,
            digest=digest_of(secret),
            scopes=sorted(set(scopes)),
            created_by=actor,
            expires_at=expires_at,
        )
    return token, secret


def revoke_token(token: ApiToken, *, actor: Person) -> ApiToken:
    """Revoke a token at once; a revoked token stays listed, with who revoked it and when."""
    if not roles.can_manage_api_tokens(actor) or isinstance(actor, AnonymousUser):
        raise PermissionDenied
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.revoked_by = actor
            token.save(update_fields=["revoked_at", "revoked_by"])
    return token


def token_for_secret(secret: str) -> ApiToken | None:
    """The token that ``secret`` opens (active or not), or None."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    return ApiToken.objects.select_related("created_by").filter(digest=digest_of(secret)).first()


def record_use(token: ApiToken, now: datetime | None = None) -> None:
    """Note that ``token`` was used now: one UPDATE at most once a minute per token, so that
    the Secretariat sees when each token was last used without a write on every request."""
    now = now or timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_RESOLUTION:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now

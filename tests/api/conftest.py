"""Fixtures of the API tests: tokens of each scope, a client that sends one."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from idm_portal.core.models import ApiToken
from idm_portal.core.services import api_tokens

SCOPES = ApiToken.Scope.values


@pytest.fixture
def make_token(secretariat):
    """make_token(*scopes) -> (token row, secret)."""

    def make(*scopes, expires_in=dt.timedelta(days=30), name="Travel unit"):
        return api_tokens.create_token(
            actor=secretariat,
            name=name,
            scopes=list(scopes),
            expires_at=timezone.now() + expires_in,
        )

    return make


@pytest.fixture
def api():
    """api(secret=None) -> an APIClient that sends ``Authorization: Bearer <secret>``."""

    def client(secret=None):
        made = APIClient()
        if secret:
            made.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
        return made

    return client

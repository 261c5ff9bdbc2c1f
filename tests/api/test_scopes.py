"""The role/scope table: every endpoint x (no token, each scope, revoked, expired)."""

import pytest
from django.utils import timezone

from idm_portal.core.models import ApiToken
from idm_portal.core.services import api_tokens
from tests.api.conftest import SCOPES

PUBLIC = object()


# (method, path, needed scope or PUBLIC, body, status with the right scope)
ENDPOINTS = [
    ("get", "/api/v1/years/", PUBLIC, None, 200),
    ("get", "/api/v1/workshops/", PUBLIC, None, 200),
    ("get", "/api/v1/workshops/{w}/", PUBLIC, None, 200),
    ("get", "/api/v1/workshops/{w}/agenda/", PUBLIC, None, 200),
    ("get", "/api/v1/workshops/{w}/releases/", PUBLIC, None, 200),
    ("get", "/api/v1/workshops/{w}/releases/1/", PUBLIC, None, 200),
    ("get", "/api/v1/workshops/{w}/documents/", PUBLIC, None, 200),
    ("get", "/api/v1/workshops/{w}/schedule.xml", PUBLIC, None, 200),
    ("get", "/api/v1/workshops/{w}/schedule.json", PUBLIC, None, 200),
    ("get", "/api/v1/notes/", PUBLIC, None, 200),
    ("get", "/api/v1/notes/{n}/", PUBLIC, None, 200),
    ("get", "/api/v1/voting-rounds/", PUBLIC, None, 200),
    ("get", "/api/v1/voting-rounds/{v}/", PUBLIC, None, 200),
    ("get", "/api/v1/workshops/{w}/registrations/", "registrations:read", None, 200),
    ("get", "/api/v1/registrations/{r}/", "registrations:read", None, 200),
    ("post", "/api/v1/workshops/{w}/registrations/", "registrations:write", {}, 400),
    ("post", "/api/v1/registrations/{r}/approve/", "registrations:write", {}, 200),
    ("post", "/api/v1/registrations/{r}/decline/", "registrations:write", {"reason": ""}, 200),
    ("post", "/api/v1/registrations/{r}/check-in/", "registrations:write", {}, 409),
    ("get", "/api/v1/workshops/{w}/invitations/", "invitations", None, 200),
    (
        "post",
        "/api/v1/workshops/{w}/invitations/",
        "invitations",
        [{"email": "new.invitee@example.org"}],
        201,
    ),
    ("post", "/api/v1/workshops/{w}/invitations/send/", "invitations", {}, 200),
    ("get", "/api/v1/workshops/{w}/suggestions/", "suggestions", None, 200),
    ("get", "/api/v1/workshops/{w}/delegations/", "delegations:read", None, 200),
    ("get", "/api/v1/workshops/{w}/delegations/{m}/", "delegations:read", None, 200),
    ("get", "/api/v1/outbox/", "outbox", None, 200),
]

CASES = [
    (endpoint, holder)
    for endpoint in ENDPOINTS
    for holder in ["none", *SCOPES, "revoked", "expired"]
]


def _call(api, secret, method, path, body, ids):
    client = api(secret)
    url = path.format(**ids)
    if method == "get":
        return client.get(url)
    return client.post(url, body, format="json")


@pytest.mark.parametrize(
    ("endpoint", "holder"), CASES, ids=[f"{e[0]} {e[1]} {h}" for e, h in CASES]
)
def test_endpoint_answers_each_token_as_it_should(world, api, make_token, endpoint, holder):
    method, path, needed, body, allowed_status = endpoint
    secret = None
    if holder in SCOPES:
        _token, secret = make_token(holder)
    elif holder == "revoked":
        token, secret = make_token(*SCOPES)
        api_tokens.revoke_token(token, actor=token.created_by)
    elif holder == "expired":
        token, secret = make_token(*SCOPES)
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())
    response = _call(api, secret, method, path, body, world)
    if holder in ("revoked", "expired"):
        assert response.status_code == 401
        assert response["Content-Type"] == "application/problem+json"
        expected = "revoked" if holder == "revoked" else "expired"
        assert expected in response.json()["detail"]
    elif needed is PUBLIC or holder == needed:
        assert response.status_code == allowed_status, response.content
    elif holder == "none":
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    else:
        assert response.status_code == 403
        assert response.json()["title"] == "This token may not do this"

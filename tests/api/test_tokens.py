"""API tokens: the Secretariat's page (create, shown once, last used, revoke), stored
hashed, and what a token can no longer do once revoked or expired."""

import datetime as dt
import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone

from idm_portal.core.models import ApiToken
from idm_portal.core.templatetags.idm import moment
from tests.factories import WorkshopFactory

PAGE = "/en/api-tokens/"


@pytest.mark.parametrize(
    ("who", "status"), [("anonymous", 302), ("delegate", 403), ("focal_point", 403)]
)
def test_token_page_is_the_secretariats_only(client, request, who, status):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    response = client.get(PAGE)
    assert response.status_code == status


def test_secretariat_creates_a_token_shown_once_and_stored_hashed(client, secretariat):
    client.force_login(secretariat)
    assert f'href="{PAGE}">API tokens</a>' in client.get("/en/").content.decode()
    expires = (timezone.localdate() + dt.timedelta(days=90)).isoformat()
    response = client.post(
        PAGE,
        {"name": "Conference services", "scopes": ["registrations:read"], "expires_on": expires},
    )
    assert response.status_code == 200
    page = response.content.decode()
    token = ApiToken.objects.get()
    secret = response.context["secret"]
    assert secret.startswith(f"idm_{token.prefix}_")
    assert "Copy it now: it is shown only once." in page
    assert secret in page
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(ApiToken.objects.values().get())
    assert token.scopes == ["registrations:read"]
    assert token.created_by == secretariat
    # Shown once: the list shows the prefix, never the secret again.
    again = client.get(PAGE).content.decode()
    assert secret not in again
    assert f"idm_{token.prefix}_…" in again
    assert "Conference services" in again
    assert "never" in again


def test_token_page_refuses_a_token_without_scope(client, secretariat):
    client.force_login(secretariat)
    expires = (timezone.localdate() + dt.timedelta(days=9)).isoformat()
    response = client.post(PAGE, {"name": "Website", "expires_on": expires})
    assert response.status_code == 400
    assert ApiToken.objects.count() == 0


def test_token_use_is_shown_as_last_used_and_revoking_stops_it(
    client, secretariat, api, make_token
):
    WorkshopFactory()
    token, secret = make_token("outbox")
    assert api(secret).get("/api/v1/outbox/").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    client.force_login(secretariat)
    page = client.get(PAGE).content.decode()
    assert moment(token.last_used_at) in page  # "30 November 2026 at 15:48 (Geneva time)"
    response = client.post(reverse("core:api_token_revoke", args=[token.pk]), follow=True)
    assert "The token of Travel unit is revoked." in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert token.revoked_by == secretariat
    refused = api(secret).get("/api/v1/outbox/")
    assert refused.status_code == 401
    assert refused.json()["detail"] == "This token has been revoked."


def test_revoke_is_post_only(client, secretariat, make_token):
    token, _secret = make_token("outbox")
    client.force_login(secretariat)
    assert client.get(reverse("core:api_token_revoke", args=[token.pk])).status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None


def test_unknown_token_is_refused_as_problem_details(db, api):
    response = api("idm_deadbeef_not-a-real-token").get("/api/v1/workshops/")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json() == {
        "type": "https://idm.iom.int/api/problems/401",
        "title": "A valid API token is needed",
        "status": 401,
        "detail": "This token is not valid.",
    }


def test_token_page_query_count_is_the_same_for_few_and_many_tokens(
    client, secretariat, make_token, django_assert_num_queries
):
    client.force_login(secretariat)
    make_token("outbox")
    client.get(PAGE)  # warm the session
    with django_assert_num_queries(5):
        client.get(PAGE)
    for number in range(20):
        make_token("outbox", name=f"System {number}")
    with django_assert_num_queries(5):
        client.get(PAGE)

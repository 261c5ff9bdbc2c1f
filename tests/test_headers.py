"""Response headers on every kind of page (Content-Security-Policy without 'unsafe-inline',
HSTS, Permissions-Policy, Referrer-Policy, Secure cookies), `check --deploy` with the
production settings of .env.example, and the client address that rate limits count behind a
proxy."""

import os
import secrets
import subprocess
import sys

import pytest
from django.http import HttpResponse
from django.test import override_settings
from django.urls import path, reverse

from idm_portal.urls import urlpatterns as portal_urlpatterns
from tests.conftest import ROOT, wait_for, watch_csp_violations
from tests.factories import PASSWORD, WorkshopFactory
from tests.test_deployment import env_example

pytestmark = pytest.mark.django_db


def server_error(request):
    raise RuntimeError("a bug, for the 500 page")


def plain_page(request):
    return HttpResponse("ok")


# This module is also a URLconf (pytest.mark.urls): the portal's URLs plus a view that fails.
urlpatterns = [*portal_urlpatterns, path("boom/", server_error), path("plain/", plain_page)]


def csp_directives(response):
    header = response.headers["Content-Security-Policy"]
    return {
        part.split()[0]: part.split()[1:]
        for part in (piece.strip() for piece in header.split(";"))
        if part
    }


def assert_security_headers(response):
    directives = csp_directives(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response.headers["Content-Security-Policy"]
    # Sent on HTTPS responses (every request below is secure=True), with DEBUG off.
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "geolocation=()" in response.headers["Permissions-Policy"]
    assert "microphone=()" in response.headers["Permissions-Policy"]
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.fixture
def workshop():
    return WorkshopFactory(title="Migration and Social Change", slug="social-change")


def test_public_page_headers(client):
    response = client.get(reverse("home"), secure=True)
    assert response.status_code == 200
    assert "International Dialogue on Migration" in response.content.decode()
    assert_security_headers(response)


def test_signed_in_page_headers(client, delegate):
    client.force_login(delegate)
    response = client.get(reverse("core:profile"), secure=True)
    assert "Dana Delegate" in response.content.decode()
    assert_security_headers(response)


def test_secretariat_page_headers(client, secretariat):
    client.force_login(secretariat)
    response = client.get(reverse("core:outbox"), secure=True)
    assert response.status_code == 200
    assert "E-mail outbox" in response.content.decode()
    assert_security_headers(response)


def test_htmx_fragment_headers(client, secretariat, workshop):
    client.force_login(secretariat)
    response = client.get(
        reverse("workshops:invitations_progress", args=[workshop.idm_year.year, workshop.slug]),
        secure=True,
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert 'id="invitation-progress"' in response.content.decode()
    assert_security_headers(response)


def test_admin_page_headers(client, secretariat):
    client.force_login(secretariat)
    response = client.get(reverse("admin:index"), secure=True)
    assert response.status_code == 200
    assert_security_headers(response)


@pytest.mark.parametrize(
    ("url", "status", "words"),
    [
        ("/en/no-such-page/", 404, "Page not found"),
        ("/en/workshops/?q=%00", 400, "Bad request"),
    ],
)
def test_error_page_headers(client, url, status, words):
    response = client.get(url, secure=True)
    assert response.status_code == status
    assert words in response.content.decode()
    assert_security_headers(response)


def test_forbidden_page_headers(client, delegate):
    client.force_login(delegate)
    response = client.get(reverse("core:outbox"), secure=True)
    assert response.status_code == 403
    assert "You may not open this page" in response.content.decode()
    assert_security_headers(response)


@pytest.mark.urls("tests.test_headers")
def test_server_error_page_headers(client):
    client.raise_request_exception = False
    response = client.get("/boom/", secure=True)
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
    assert 'style="' not in response.content.decode()
    assert_security_headers(response)


@pytest.mark.urls("tests.test_headers")
def test_no_hsts_on_plain_http():
    from django.test import Client

    response = Client().get("/plain/")
    assert "Strict-Transport-Security" not in response.headers
    assert "Content-Security-Policy" in response.headers


def test_session_and_csrf_cookies_are_secure_by_default(client, delegate):
    page = client.get(reverse("account_login"), secure=True)
    assert page.cookies["csrftoken"]["secure"] is True
    response = client.post(
        reverse("account_login"),
        {"login": delegate.email, "password": PASSWORD},
        secure=True,
    )
    assert response.status_code == 302
    assert response.cookies["sessionid"]["secure"] is True
    assert response.cookies["sessionid"]["httponly"] is True


def run_manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def production_env(**overrides):
    """The environment of .env.example, as docker-compose gives it to the portal, with a
    real secret key in place of its placeholder."""
    env = {"PATH": os.environ["PATH"]}
    env.update({name: entry["value"] for name, entry in env_example().items()})
    env["SECRET_KEY"] = secrets.token_urlsafe(50)
    env.update(overrides)
    return {name: value for name, value in env.items() if value is not None}


def test_check_deploy_is_clean_with_the_settings_of_env_example():
    result = run_manage(production_env(), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr


def test_check_deploy_warns_when_plain_http_is_chosen():
    """PLAIN_HTTP is an explicit, visible opt-out: check --deploy names what it gives up."""
    result = run_manage(
        production_env(PLAIN_HTTP="true", SECURE_SSL_REDIRECT="false"), "check", "--deploy"
    )
    output = result.stdout + result.stderr
    assert "security.W004" in output  # no HSTS
    assert "security.W012" in output  # session cookie not Secure
    assert "security.W016" in output  # CSRF cookie not Secure


LOGIN_LIMITS = {"login": "3/m/ip", "login_failed": "100/m/ip"}


def failed_login(client, *, forwarded_for=None):
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return client.post(
        reverse("account_login"),
        {"login": "nobody@example.org", "password": "wrong"},
        headers=headers,
    )


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1, ACCOUNT_RATE_LIMITS=LOGIN_LIMITS)
def test_rate_limit_counts_the_client_behind_the_proxy_not_a_forged_header(client):
    # The proxy appends the address it saw; whatever the client wrote before it is ignored.
    for forged in ("198.51.100.1", "198.51.100.2", "198.51.100.3"):
        assert failed_login(client, forwarded_for=f"{forged}, 203.0.113.7").status_code == 200
    assert failed_login(client, forwarded_for="198.51.100.4, 203.0.113.7").status_code == 429
    assert failed_login(client, forwarded_for="203.0.113.7").status_code == 429
    # Another client behind the same proxy is not locked out.
    assert failed_login(client, forwarded_for="203.0.113.8").status_code == 200


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=0, ACCOUNT_RATE_LIMITS=LOGIN_LIMITS)
def test_without_a_trusted_proxy_x_forwarded_for_is_ignored(client):
    # No proxy in front: a client cannot escape the limit by inventing addresses.
    for number in range(3):
        forged = f"198.51.100.{number}"
        assert failed_login(client, forwarded_for=forged).status_code == 200
    assert failed_login(client, forwarded_for="198.51.100.99").status_code == 429
    assert failed_login(client).status_code == 429


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=2, ACCOUNT_RATE_LIMITS=LOGIN_LIMITS)
def test_a_header_shorter_than_the_proxy_chain_is_not_a_server_error(client):
    # A request that did not pass through both proxies: counted by its socket address.
    assert failed_login(client, forwarded_for="203.0.113.7").status_code == 200


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_browser_check_reports_inline_script_and_style(live_server, browser):
    """The check of the page fixture (tests/conftest.py) sees what the policy blocks: an
    inline script does not run, an inline style is not applied, and both are reported."""
    context = browser.new_context()
    tab, violations = watch_csp_violations(context)
    tab.goto(live_server.url + reverse("home"))
    tab.evaluate(
        """() => {
        const script = document.createElement("script");
        script.textContent = "window.inlineRan = true;";
        document.body.append(script);
        document.body.setAttribute("style", "background: red");
    }"""
    )
    wait_for(lambda: len(violations) >= 2, timeout=10, message="two CSP violations")
    assert tab.evaluate("window.inlineRan") is None
    assert tab.evaluate("getComputedStyle(document.body).backgroundColor") != "rgb(255, 0, 0)"
    context.close()
    reported = " ".join(violations)
    assert "script-src" in reported
    assert "style-src" in reported


def test_a_refused_csrf_token_gets_the_portals_page_under_the_policy(delegate):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(delegate)
    response = client.post(reverse("core:profile"), {"name": "Dana"}, secure=True)
    assert response.status_code == 403
    page = response.content.decode()
    assert "The form could not be sent" in page
    assert "<style" not in page
    assert_security_headers(response)


@override_settings(SECURE_SSL_REDIRECT=True)
def test_plain_http_is_redirected_to_https_except_the_healthcheck(client):
    response = client.get(reverse("home"))
    assert response.status_code == 301
    assert response["Location"] == "https://testserver" + reverse("home")
    assert client.get(reverse("healthz")).status_code in (200, 503)  # answered, not moved


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_admin_runs_under_the_policy(live_server, page, secretariat):
    """Django's admin pages (a list, a change form with its widgets) load with no CSP
    violation: the page fixture fails the test on any."""
    from playwright.sync_api import expect

    from tests.workshops.test_editor_browser import sign_in

    workshop = WorkshopFactory(title="Migration and Social Change")
    sign_in(page, live_server, secretariat.email)
    page.goto(live_server.url + reverse("admin:workshops_workshop_changelist"))
    expect(page.get_by_role("link", name="Migration and Social Change")).to_be_visible()
    page.goto(live_server.url + reverse("admin:workshops_workshop_change", args=[workshop.pk]))
    expect(page.locator("#workshop_form")).to_be_visible()
    page.goto(live_server.url + reverse("admin:core_user_changelist"))
    expect(page.get_by_text(secretariat.email)).to_be_visible()
    # A page of django-simple-history (its template is overridden for the policy).
    page.goto(live_server.url + reverse("admin:workshops_workshop_history", args=[workshop.pk]))
    expect(page.locator("#change-history")).to_be_visible()


@override_settings(ALLAUTH_TRUSTED_CLIENT_IP_HEADER="X-Real-IP", ACCOUNT_RATE_LIMITS=LOGIN_LIMITS)
def test_rate_limit_counts_the_address_a_trusted_proxy_names_in_its_header(client):
    for forged in ("198.51.100.1", "198.51.100.2", "198.51.100.3"):
        headers = {"X-Real-IP": "203.0.113.7", "X-Forwarded-For": forged}
        response = client.post(
            reverse("account_login"), {"login": "nobody@example.org", "password": "wrong"},
            headers=headers,
        )  # fmt: skip
        assert response.status_code == 200
    blocked = client.post(
        reverse("account_login"),
        {"login": "nobody@example.org", "password": "wrong"},
        headers={"X-Real-IP": "203.0.113.7"},
    )
    assert blocked.status_code == 429
    other = client.post(
        reverse("account_login"),
        {"login": "nobody@example.org", "password": "wrong"},
        headers={"X-Real-IP": "203.0.113.8"},
    )
    assert other.status_code == 200

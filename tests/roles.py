"""The role tables' helpers, for every tests/*/test_*_roles.py: what a role's answer may be
(OK, LOGIN, FORBIDDEN, ...), the check of an answer against a table's row, and the client
signed in as a role of the test's world (``world["users"][role]``, None for anonymous)."""

from django.urls import reverse

OK, LOGIN, FORBIDDEN, NOT_FOUND, ADMIN_LOGIN, DONE = (
    "ok",
    "login",
    "forbidden",
    "not found",
    "admin login",
    "done",
)
# htmx endpoints answer a POST with a fragment rather than a redirect: ANSWERED is 200 (the
# fragment, or the form with its errors), REFUSED is 400 (the view ran and refused an empty
# request).
ANSWERED, REFUSED = "answered", "refused"
# A document the worker makes: the "being made" page (202) until it is stored.
BEING_MADE = "being made"
ROLES = ("anonymous", "delegate", "focal_point", "secretariat")


def check(response, expected, url, *, also=None):
    """Assert that ``response`` (to ``url``) is what the role table expects: OK, LOGIN, ...;
    ``also`` adds a table's own expectations ({name: (status, text the page shows)})."""
    location = response.headers.get("Location", "")
    if also and expected in also:
        status, text = also[expected]
        assert response.status_code == status, f"{url}: {response.status_code} {location}"
        assert text in response.content.decode(), url
    elif expected == OK:
        assert response.status_code == 200, f"{url}: {response.status_code} {location}"
    elif expected == LOGIN:
        assert response.status_code == 302, url
        assert location.startswith(reverse("account_login")), location
    elif expected == ADMIN_LOGIN:
        assert response.status_code == 302, url
        assert location.startswith(reverse("admin:login")), location
    elif expected == FORBIDDEN:
        assert response.status_code == 403, url
        assert "You may not open this page" in response.content.decode()
    elif expected == BEING_MADE:
        assert response.status_code == 202, f"{url}: {response.status_code} {location}"
        assert "The document is being made" in response.content.decode()
    elif expected == NOT_FOUND:
        assert response.status_code == 404, url
    elif expected == "redirect":
        assert response.status_code == 302, url
    elif expected == DONE:
        assert response.status_code == 302, url
        assert not location.startswith(reverse("account_login")), location
    elif expected == ANSWERED:
        assert response.status_code == 200, f"{url}: {response.status_code} {location}"
    elif expected == REFUSED:
        assert response.status_code == 400, f"{url}: {response.status_code} {location}"
    else:
        raise AssertionError(f"unknown expectation {expected!r}")


def client_for(client, world, role):
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    return client


def check_role(client, world, role, table, name, url, *, method="get", data=None, also=None):
    """Open ``url`` as ``role`` (a GET, or a POST of ``data``) and check the answer against
    row ``name`` of the role table ``table`` ({name: (anonymous, delegate, focal point,
    secretariat)}). Returns the response."""
    response = getattr(client_for(client, world, role), method)(url, data or {})
    check(response, table[name][ROLES.index(role)], url, also=also)
    return response

"""The OpenAPI schema: committed in docs/openapi.yaml and current; and schemathesis runs
against the live API (in-process WSGI) with a token of each scope and none: no 5xx, every
answer conforms to the schema, and no operation gives data outside the token's scope."""

from pathlib import Path

import pytest
import schemathesis
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiYamlRenderer
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from tests.api.conftest import SCOPES
from tests.api.test_scopes import ENDPOINTS, PUBLIC

COMMITTED = Path(settings.BASE_DIR) / "docs" / "openapi.yaml"
REGENERATE = "python manage.py spectacular --file docs/openapi.yaml"


def test_committed_schema_is_current(db):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    current = OpenApiYamlRenderer().render(schema, renderer_context={}).decode()
    assert COMMITTED.read_text() == current, f"The API changed: run `{REGENERATE}`."


def test_schema_and_docs_page_are_served_without_inline_script(client, db):
    schema = client.get("/api/v1/schema/")
    assert schema.status_code == 200
    assert b"openapi: 3.0.3" in schema.content
    page = client.get("/api/v1/docs/").content.decode()
    assert "<script>" not in page
    assert "style=" not in page
    assert '<script src="/api/v1/docs/?script="></script>' in page
    assert "/static/vendor/swagger-ui/swagger-ui-bundle." in page
    script = client.get("/api/v1/docs/?script=")
    assert script["Content-Type"].startswith("application/javascript")
    assert b"/api/v1/schema/" in script.content


# --- schemathesis, in-process ---


# Which scope each operation needs (the same table as the role/scope test).
def _template(path):
    if path == "/api/v1/workshops/{w}/":
        return "/api/v1/workshops/{id}/"
    for short, name in (
        ("{w}", "{workshop_pk}"),
        ("{r}", "{id}"),
        ("{n}", "{id}"),
        ("{v}", "{id}"),
        ("{m}", "{member_state_pk}"),
    ):
        path = path.replace(short, name)
    return path.replace("releases/1/", "releases/{number}/")


NEEDED = {(method.upper(), _template(path)): needed for method, path, needed, *_ in ENDPOINTS}
# Two of schemathesis's checks are left out, every other runs:
# - negative_data_rejection: the API is lenient with query parameters it does not know or
#   cannot read (a page size of "null" gives the default page);
# - positive_data_acceptance: a schema-valid body may name rows that do not exist (an
#   organization, an account by e-mail), which the API refuses with 400 and the field's
#   error; the schema cannot say which ids exist.
EXCLUDED_CHECKS = [negative_data_rejection, positive_data_acceptance]

api_schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())

HOLDERS = ["none", *SCOPES]


@pytest.fixture
def _keep_the_test_connection():
    """The WSGI handler closes the database connection at the start and end of each
    request (Django's request_started and request_finished signals); the test client
    unhooks it, and so does this in-process run, or the test's transaction would be closed
    under it."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def secrets_by_holder(make_token, settings, _keep_the_test_connection):
    settings.API_RATE_PER_TOKEN = "100000/min"
    settings.API_RATE_ANONYMOUS = "100000/min"
    secrets = {"none": None}
    for scope in SCOPES:
        _token, secrets[scope] = make_token(scope, name=f"System with {scope}")
    return secrets


def _with_real_ids(case, world):
    """Half the examples (an even generated id) use the ids of real rows, so that the
    answers checked against the schema carry data, and the writes meet real registrations;
    the others keep schemathesis's ids (mostly not found)."""
    parameters = case.path_parameters or {}
    if not parameters or not all(
        isinstance(value, int) and value % 2 == 0 for value in parameters.values()
    ):
        return
    path = case.path
    real = {"workshop_pk": world["w"], "number": 1, "member_state_pk": world["m"]}
    if path.startswith("/api/v1/workshops/{id}"):
        real["id"] = world["w"]
    elif path.startswith("/api/v1/registrations/"):
        real["id"] = world["r"]
    elif path.startswith("/api/v1/notes/"):
        real["id"] = world["n"]
    elif path.startswith("/api/v1/voting-rounds/"):
        real["id"] = world["v"]
    case.path_parameters = {name: real.get(name, value) for name, value in parameters.items()}


@pytest.mark.parametrize("holder", HOLDERS)
@api_schema.parametrize()
@hypothesis_settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_conforms_to_its_schema_for_each_token(case, holder, secrets_by_holder, world):
    _with_real_ids(case, world)
    secret = secrets_by_holder[holder]
    headers = {"Authorization": f"Bearer {secret}"} if secret else {}
    response = case.call_and_validate(headers=headers, excluded_checks=EXCLUDED_CHECKS)
    assert response.status_code < 500
    operation = (case.operation.method.upper(), case.path)
    needed = NEEDED.get(operation, "unknown")
    assert needed != "unknown", f"{operation} is missing from the scope table"
    if needed is not PUBLIC and holder != needed:
        # 401/403; or 404 where the generated path matches no endpoint (a negative id); or
        # 400 for a request refused before anyone reads it (a NUL byte in a parameter): no
        # data in any of them.
        if response.status_code == 400:
            assert response.json()["detail"] == "A parameter holds a NUL character."
        assert response.status_code in (400, 401, 403, 404), (
            f"{case.method} {case.path} answered {response.status_code} to {holder}"
        )

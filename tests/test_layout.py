"""The layout of DESIGN.md holds: imports go one way, and migrations match the models."""

import ast
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.conftest import ROOT

APPS = ("idm_portal/core", "workshops", "consultations")
# The top modules of idm_portal that may import the apps (and its management commands).
TOP_FLOOR = {"idm_portal/urls.py", "idm_portal/views.py", "idm_portal/sitemaps.py"}
COMMANDS = "idm_portal/management/"
# The top floor's modules, which nothing below imports.
TOP_MODULES = [
    "idm_portal.urls",
    "idm_portal.views",
    "idm_portal.sitemaps",
    "idm_portal.api_urls",
    "idm_portal.management",
]


def imported_modules(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


def python_files(folder):
    return [p for p in (ROOT / folder).rglob("*.py") if "migrations" not in p.parts]


def offending_imports(folder, forbidden, allowed=()):
    found = []
    for path in python_files(folder):
        relative = str(path.relative_to(ROOT))
        if relative in allowed:
            continue
        for module in imported_modules(path):
            if any(module == f or module.startswith(f + ".") for f in forbidden):
                found.append(f"{relative} imports {module}")
    return found


def test_core_imports_no_app():
    assert offending_imports("idm_portal/core", ["workshops", "consultations", "tests"]) == []


@pytest.mark.parametrize(
    ("app", "other"), [("workshops", "consultations"), ("consultations", "workshops")]
)
def test_the_apps_do_not_import_each_other(app, other):
    assert offending_imports(app, [other, "tests"]) == []


def test_only_the_top_modules_of_the_project_package_import_the_apps():
    found = []
    for path in python_files("idm_portal"):
        relative = str(path.relative_to(ROOT))
        if relative in TOP_FLOOR or relative.startswith(COMMANDS):
            continue
        for module in imported_modules(path):
            if module.split(".")[0] in ("workshops", "consultations"):
                found.append(f"{relative} imports {module}")
    assert found == []


@pytest.mark.parametrize("floor", APPS)
def test_the_apps_and_the_core_never_import_the_top_floor(floor):
    assert offending_imports(floor, TOP_MODULES) == []


def test_nothing_imports_tests():
    for folder in (*APPS, "idm_portal"):
        assert offending_imports(folder, ["tests"]) == []


def test_layout_of_design_md_exists():
    for path in (
        "manage.py", "idm_portal/core/models.py", "idm_portal/core/roles.py",
        "idm_portal/core/pdf.py", "idm_portal/celery.py", "workshops/models.py",
        "consultations/models.py", "templates/base.html", "static/vendor/bootstrap/LICENSE",
        "requirements.txt", "requirements-dev.txt", "docker-compose.yml", "README.md",
        "Makefile", "pyproject.toml", ".ci/run",
    ):  # fmt: skip
        assert Path(ROOT, path).exists(), path


@pytest.mark.django_db
def test_migrations_match_the_models():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()

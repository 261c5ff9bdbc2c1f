"""The layout of docs/design.md holds: the import contracts cover every module, the files are
where they should be, and migrations match the models."""

import tomllib
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.conftest import ROOT


def contract(contract_id):
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    return next(c for c in contracts if c["id"] == contract_id)


# The import rules themselves are import-linter contracts in pyproject.toml (`make lint`). The
# contract that keeps the apps off idm_portal's upper modules names them one by one: a module
# added to idm_portal must be added there too.
def test_the_apps_contract_names_every_module_of_the_project_package_but_core():
    modules = {
        f"idm_portal.{path.stem if path.is_file() else path.name}"
        for path in (ROOT / "idm_portal").iterdir()
        if (path.suffix == ".py" and path.stem != "__init__")
        or (path.is_dir() and path.name not in ("core", "__pycache__"))
    }
    assert modules == set(contract("apps-on-core")["forbidden_modules"])


def test_layout_of_design_md_exists():
    for path in (
        "manage.py", "idm_portal/core/models", "idm_portal/core/roles.py",
        "idm_portal/core/pdf.py", "idm_portal/celery.py", "workshops/models",
        "consultations/models", "templates/base.html", "static/vendor/bootstrap/LICENSE",
        "requirements.txt", "requirements-dev.txt", "docker-compose.yml", "README.md",
        "Makefile", "pyproject.toml", ".ci/run",
    ):  # fmt: skip
        assert Path(ROOT, path).exists(), path


@pytest.mark.django_db
def test_migrations_match_the_models():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()

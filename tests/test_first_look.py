"""The first-look path of `make run`, on its embedded defaults: SQLite, tasks in-process,
e-mail to files. Run in subprocesses, as a newcomer would."""

import os
import re
import subprocess
import sys
import urllib.request
from contextlib import contextmanager

import pytest

from tests.conftest import ROOT, free_port, wait_for


@pytest.fixture
def first_look_env(tmp_path):
    env = {
        "PATH": os.environ["PATH"],
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.sqlite3'}",
        "EMAIL_URL": f"filemail://{tmp_path / 'mail'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "DEMO_PASSWORD": "first-look-password",
        "DEMO_TOTP_SECRET": "JBSWY3DPEHPK3PXP",
    }
    return env


def manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout


def get(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read().decode()


@contextmanager
def serving(arguments, env, ready_path):
    """Start a web server (``python <arguments>``, "{port}" replaced by a free port); yield
    its base URL once ``ready_path`` answers 200; stop it afterwards."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, *(argument.format(port=port) for argument in arguments)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"

    def answers():
        try:
            return get(base + ready_path)[0] == 200
        except OSError:
            return False

    try:
        wait_for(answers, timeout=60, message=f"{arguments[0]} to answer")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_sqlite_migrate_load_demo_and_serve_the_first_pages(first_look_env):
    manage(first_look_env, "migrate", "--noinput")
    out = manage(first_look_env, "load_demo")
    assert "secretariat@idm.example" in out
    assert "first-look-password" in out
    runserver = ["manage.py", "runserver", "127.0.0.1:{port}", "--noreload"]
    with serving(runserver, first_look_env, "/healthz") as base:
        status, home = get(f"{base}/en/")
        assert status == 200
        assert "Human Rights and Migration: Working Together for Safe, Dignified" in home
        assert "Effective Respect for the Human Rights of Migrants" in home
        assert "Trafficking and Exploitation of Migrants" in home
        status, workshop = get(f"{base}/en/workshops/2009/effective-respect-human-rights-migrants/")
        assert status == 200
        assert "25–26 March 2009" in workshop
        # The admin's log-in is the portal's (rate limits, MFA): one form only.
        status, admin_login = get(f"{base}/en/admin/login/")
        assert status == 200
        assert 'name="login"' in admin_login
        assert 'name="next" value="/en/admin/"' in admin_login
        status, css = get(f"{base}/static/vendor/bootstrap/css/bootstrap.min.css")
        assert status == 200
        assert "Bootstrap" in css[:200]


def test_debug_off_behind_nothing_but_gunicorn_serves_pages_and_static_files(tmp_path):
    """Production mode without a web server in front: whitenoise serves the static files."""
    env = {
        "PATH": os.environ["PATH"],
        "DEBUG": "false",
        "SECRET_KEY": "a-production-like-secret",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    gunicorn = ["-m", "gunicorn", "idm_portal.wsgi:application", "--bind", "127.0.0.1:{port}"]
    with serving(gunicorn, env, "/en/") as base:
        _status, home = get(f"{base}/en/")
        stylesheet = re.search(
            r'href="(/static/vendor/bootstrap/css/bootstrap\.min\.\w+\.css)"', home
        )
        assert stylesheet, "the page links a hashed Bootstrap stylesheet"
        with urllib.request.urlopen(base + stylesheet.group(1), timeout=10) as response:
            assert response.status == 200
            assert "max-age=315360000" in response.headers["Cache-Control"]
            assert "Bootstrap" in response.read(300).decode()

"""Start-up with bad settings stops with one clear sentence, not a traceback."""

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

BASE_ENV = {
    "PATH": os.environ["PATH"],
    "DEBUG": "false",
    "SECRET_KEY": "a-secret",
    "ALLOWED_HOSTS": "portal.example.org",
}


def start(**overrides):
    env = {**BASE_ENV, **overrides}
    env = {name: value for name, value in env.items() if value is not None}
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("overrides", "sentence"),
    [
        (
            {"SECRET_KEY": None},
            "IDM Portal cannot start: SECRET_KEY is not set and DEBUG is off; "
            "set SECRET_KEY in the environment.",
        ),
        (
            {"ALLOWED_HOSTS": None},
            "IDM Portal cannot start: ALLOWED_HOSTS is not set and DEBUG is off; "
            "set ALLOWED_HOSTS in the environment.",
        ),
    ],
)
def test_debug_off_without_a_required_setting_stops_with_one_sentence(overrides, sentence):
    result = start(**overrides)
    assert result.returncode == 1
    assert result.stderr.strip() == sentence
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DATABASE_URL", "not-a-url"),
        ("DATABASE_URL", "mysqlx://nobody@nowhere/db"),
        ("EMAIL_URL", "carrier-pigeon://loft"),
        ("CACHE_URL", "memcache-ish://"),
    ],
)
def test_a_malformed_url_stops_start_up_naming_the_variable(name, value):
    result = start(**{name: value})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"IDM Portal cannot start: {name} is not a valid URL")


def test_the_embedded_defaults_start_with_debug_on():
    result = start(DEBUG="true", SECRET_KEY=None, ALLOWED_HOSTS=None)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("value", ["-5", "20"])
def test_a_worker_niceness_out_of_nices_range_stops_start_up(value):
    result = start(WORKER_NICENESS=value)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "IDM Portal cannot start: WORKER_NICENESS must be between 0 and 19."
    )

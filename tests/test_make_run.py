"""`make run` tells the portal the port it serves, so that e-mails link to it."""

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def dry_run(*arguments, env_port=None):
    env = {"PATH": "/usr/bin:/bin"}
    if env_port:
        env["PORT"] = env_port
    return subprocess.run(
        ["make", "-n", "-B", "run", *arguments],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip


def test_site_domain_follows_port_in_make_run():
    commands = dry_run(env_port="9000")
    runserver = next(line for line in commands.splitlines() if "runserver" in line)
    assert "SITE_DOMAIN=127.0.0.1:9000" in runserver
    assert runserver.endswith("runserver 127.0.0.1:9000")


def test_site_domain_defaults_to_port_8000():
    runserver = next(line for line in dry_run().splitlines() if "runserver" in line)
    assert "SITE_DOMAIN=127.0.0.1:8000" in runserver
    assert "SITE_DOMAIN=127.0.0.1:8000" in dry_run("PORT=8000")

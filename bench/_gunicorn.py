"""What the HTTP benchmarks share: the portal served by gunicorn, in its own process,
against the benchmark's database (not a benchmark itself: bench/run.py skips "_" modules)."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url(settings_dict):
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    return (
        f"postgres://{settings_dict['USER']}{password}@{settings_dict['HOST']}:"
        f"{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}"
    )


def analyze():
    """Give PostgreSQL's planner the statistics of the rows the benchmark just made, as
    autovacuum keeps them in a live database (without them it guesses one row a table and
    may pick a plan that no production database would run)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _answers(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status == 200
    except OSError:
        return False


@contextmanager
def gunicorn(log_name, *, arguments=(), **environment):
    """Serve the portal with gunicorn on a free port, without a broker (tasks in-process;
    /healthz, the liveness answer, asks nothing of any part); yield its base URL once
    /healthz answers.
    ``environment`` overrides the server's variables."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("CELERY_")}
    env.update(
        DATABASE_URL=database_url(connection.settings_dict),
        DEBUG="false",
        SECRET_KEY=os.environ.get("SECRET_KEY", "bench-only-secret-key"),
        ALLOWED_HOSTS="127.0.0.1",
        CONN_MAX_AGE=os.environ.get("CONN_MAX_AGE", "60"),
        # Served over plain HTTP on loopback: cookies without the Secure flag (with it, the
        # clients would not send the CSRF cookie back).
        PLAIN_HTTP="true",
        LOG_LEVEL="WARNING",
    )
    env.update(environment)
    port = free_port()
    log_path = ROOT / "var" / log_name
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", "idm_portal.wsgi:application",
                "--bind", f"127.0.0.1:{port}", "--log-level", "warning", *arguments,
            ],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while not _answers(f"{base}/healthz"):
                if process.poll() is not None:
                    raise RuntimeError(f"gunicorn stopped; see {log_path}")
                if time.monotonic() > deadline:
                    raise RuntimeError("gunicorn did not answer within 60 s")
                time.sleep(0.2)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()

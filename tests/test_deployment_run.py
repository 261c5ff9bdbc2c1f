"""The commands of the production image, run: the Dockerfile's build step that collects
the static files, the web service's command (migrations, then gunicorn) and the image's CMD,
each asked by the web service's own healthcheck; the worker's and beat's commands until
they are ready. This machine has the Docker client but no engine (and no Compose plugin),
so nothing is built or started in a container: the commands are read from the Dockerfile
and docker-compose.yml (YAML, anchors and merge keys resolved) and run here, with the
environment of .env.example pointed at this machine's PostgreSQL and Redis and a
temporary var/. Only the program names differ: ``python`` is this interpreter, and
``gunicorn`` and ``celery`` run as its modules; gunicorn binds a free loopback port in
place of 0.0.0.0:8000."""

import os
import re
import secrets
import shlex
import subprocess
import sys
import urllib.request

import pytest
from django.db import connection

from tests.conftest import ROOT, _database_url, free_port, wait_for
from tests.test_deployment import DOCKERFILE, command_words, env_example, service

pytestmark = pytest.mark.django_db


@pytest.fixture
def image_env(tmp_path):
    """What a portal container gets: .env.example (as ``env_file: .env``), with a real secret
    key, the test database, the run's broker and a queue of its own, and var/ in tmp_path."""
    env = {name: entry["value"] for name, entry in env_example().items()}
    env.update(
        PATH=os.environ["PATH"],
        HOME=str(tmp_path),
        SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=_database_url(connection.settings_dict),
        CELERY_BROKER_URL=os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/15"),
        CELERY_TASK_DEFAULT_QUEUE=f"idm-deployment-run-{os.getpid()}",
        CACHE_URL="locmemcache://",
        MEDIA_ROOT=str(tmp_path / "media"),
        STATIC_ROOT=str(tmp_path / "static"),
        BACKUP_DIR=str(tmp_path / "backups"),
    )
    return env


def local(words, port=None):
    """A container's command as it runs here: this Python for ``python``, ``gunicorn`` and
    ``celery`` as its modules, a free loopback port for gunicorn's 0.0.0.0:8000."""
    programs = {
        "python": shlex.quote(sys.executable),
        "gunicorn": f"{shlex.quote(sys.executable)} -m gunicorn",
        "celery": f"{shlex.quote(sys.executable)} -m celery",
    }
    text = re.sub(
        r"(?<![\w/.-])(python|gunicorn|celery)(?=\s)", lambda m: programs[m.group(1)], words
    )
    if port is not None:
        assert "0.0.0.0:8000" in text, f"{words!r} does not bind 0.0.0.0:8000"
        text = text.replace("0.0.0.0:8000", f"127.0.0.1:{port}")
    return text


def dockerfile_instructions(keyword):
    """The arguments of each ``keyword`` instruction of the Dockerfile, continuation lines
    joined."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text(encoding="utf-8"))
    return [
        line.split(None, 1)[1]
        for line in text.splitlines()
        if line.split(None, 1)[:1] == [keyword] and len(line.split(None, 1)) == 2
    ]


def dockerfile_cmd():
    import json

    (cmd,) = dockerfile_instructions("CMD")
    return json.loads(cmd)


def healthcheck(port):
    """Run the web service's healthcheck (its CMD words, the URL's port this server's):
    True when it passes."""
    test = service("web")["healthcheck"]["test"]
    assert test[0] == "CMD", "the web healthcheck is not in exec (CMD) form"
    words = [local(word) if word == "python" else word for word in test[1:]]
    words = [word.replace("127.0.0.1:8000", f"127.0.0.1:{port}") for word in words]
    words[0] = sys.executable if test[1] == "python" else words[0]
    result = subprocess.run(words, capture_output=True, timeout=30, check=False)
    return result.returncode == 0


def serve(command, env, port, *, timeout=120):
    """Start ``command`` (a shell line) and wait until the web healthcheck passes against
    it; returns the process (the caller stops it)."""
    process = subprocess.Popen(
        ["sh", "-c", command], cwd=ROOT, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    try:
        wait_for(
            lambda: process.poll() is not None or healthcheck(port),
            timeout=timeout,
            interval=0.5,
            message=f"the healthcheck to pass against {command!r}",
        )
    except BaseException:
        stop(process)
        raise
    assert process.poll() is None, f"{command!r} exited with {process.returncode}"
    return process


def stop(process):
    if process.poll() is None:
        os.killpg(process.pid, 15)
        process.wait(timeout=30)


def page(port, path):
    """GET ``path`` as the TLS proxy in front of the portal forwards it."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        headers={"Host": "127.0.0.1", "X-Forwarded-Proto": "https", "X-Forwarded-For": "1.2.3.4"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, response.read()


def collect_static(env):
    """The Dockerfile's build step that collects the static files, as it is written there
    (its throwaway settings included), into the STATIC_ROOT the image sets."""
    (step,) = [run for run in dockerfile_instructions("RUN") if "collectstatic" in run]
    command = next(part for part in step.split("&&") if "collectstatic" in part).strip()
    result = subprocess.run(
        ["sh", "-c", local(command)], cwd=ROOT, env=env,
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return command


def test_the_image_collects_the_static_files_then_the_web_command_migrates_and_serves(image_env):
    command = collect_static(image_env)
    assert "DEBUG=false" in command  # the build step's own throwaway settings
    assert (ROOT / image_env["STATIC_ROOT"] / "staticfiles.json").exists()
    web = service("web")
    assert "8000:8000" in [str(port) for port in web.get("ports", [])]
    port = free_port()
    process = serve(local(web["command"][-1], port), image_env, port)
    try:
        status, body = page(port, "/en/")
        assert status == 200
        assert b"International Dialogue on Migration" in body or b"IDM" in body
        stylesheet = re.search(rb'href="(/static/[^"]+\.css)"', body)
        assert stylesheet, "the home page links no stylesheet"
        assert page(port, stylesheet.group(1).decode())[0] == 200  # whitenoise serves it
    finally:
        stop(process)


def test_the_web_command_runs_the_migrations_before_gunicorn(image_env):
    words = command_words(service("web")["command"])
    assert words.index("manage.py migrate --noinput") < words.index("gunicorn")
    assert "&&" in words.split("manage.py migrate --noinput", 1)[1].split("gunicorn")[0], (
        "gunicorn starts even when the migrations fail"
    )


def test_the_images_cmd_serves_the_portal(image_env):
    collect_static(image_env)
    port = free_port()
    process = serve(local(shlex.join(dockerfile_cmd()), port), image_env, port)
    try:
        assert page(port, "/healthz")[0] == 200
    finally:
        stop(process)


@pytest.mark.parametrize(
    ("name", "ready"), [("worker", rb"@\S+ ready\."), ("beat", rb"beat: Starting")]
)
def test_the_worker_and_beat_commands_start(image_env, tmp_path, name, ready):
    words = list(service(name)["command"])
    if "--schedule" in words:  # beat's throwaway state, here in tmp_path
        words[words.index("--schedule") + 1] = str(tmp_path / "celerybeat-schedule")
    command = local(shlex.join(words))
    if name == "worker":
        # One process, and a name of its own, beside the session's worker.
        command += f" --concurrency 1 --hostname deployment-run-{os.getpid()}@localhost"
    log = tmp_path / f"{name}.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            ["sh", "-c", command], cwd=ROOT, env=image_env,
            stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        try:
            wait_for(
                lambda: process.poll() is not None or re.search(ready, log.read_bytes()),
                timeout=120,
                interval=0.5,
                message=f"the {name} to start (its output: {log})",
            )
            assert process.poll() is None, log.read_text(errors="replace")[-3000:]
        finally:
            stop(process)

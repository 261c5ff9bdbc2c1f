"""Fixtures shared by every test: accounts of each role, and the real parts (an SMTP server
on loopback, a Celery worker process on Redis) for the tests that need them."""

import gc
import os
import socket
import subprocess
import sys
import time
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from tests.factories import FocalPointFactory, SecretariatFactory, UserFactory

ROOT = Path(__file__).resolve().parent.parent


def wait_for(predicate, timeout=30.0, interval=0.1, message="condition"):
    """Poll until ``predicate()`` is truthy; returns its value or fails the test."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    pytest.fail(f"Timed out after {timeout:g} s waiting for {message}")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """PBKDF2 is slow on purpose; the tests hash many passwords and check none of its
    strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: allauth's rate limits (one verification mail per
    address every few minutes) and cached pages must not leak from one test to another."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english_by_default():
    """Each test starts in English, whatever language an earlier request activated in this
    thread (reverse() builds /en/ URLs)."""
    with translation.override("en"):
        yield


@pytest.fixture
def delegate(db):
    return UserFactory(email="delegate@example.org", name="Dana Delegate")


@pytest.fixture
def focal_point(db):
    return FocalPointFactory(
        user__email="focal@example.org",
        user__name="Fabio Focal",
        # The factory's names cycle apart from its countries: name the state, or it depends
        # on how many focal points earlier tests made.
        member_state__country="CH",
        member_state__name="Switzerland",
    ).user


@pytest.fixture
def secretariat(db):
    return SecretariatFactory(email="secretariat@example.org", name="Sam Secretariat")


@pytest.fixture
def unverified(db):
    return UserFactory(email="new@example.org", verified=False)


class RecordingHandler:
    """An SMTP server's DATA handler that keeps every message, or answers with the replies
    queued in ``replies`` (one per message; None: accept that one) to simulate a failing
    server. ``peers`` has the client's address and port of each message: one per SMTP
    connection (``connections()``)."""

    def __init__(self):
        self.messages = []
        self.replies = []
        self.peers = []

    async def handle_DATA(self, server, session, envelope):
        self.peers.append(session.peer)
        reply = self.replies.pop(0) if self.replies else None
        if reply:
            return reply
        # The modern policy decodes encoded headers ("=?utf-8?q?Inscription_confirm=C3=A9e?=").
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"

    def message_ids(self):
        return [message["Message-ID"] for message in self.messages]

    def connections(self):
        return len(set(self.peers))

    def reset(self, replies=()):
        self.messages.clear()
        self.peers.clear()
        self.replies[:] = list(replies)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    """pytest-django's test database, and before it is dropped at the end of the run, no
    session left on it: PostgreSQL refuses to drop a database that a connection still holds,
    and one left by a test's thread (a connection its owner dropped without closing, which
    psycopg 3 closes only when the garbage collector gets to it) would fail the whole run
    after every test has passed. Sessions still there after a collection are named in the
    terminal report, so the test that leaks them can be found, then ended."""
    yield
    from django.db import connection, connections
    from django.db.backends.base.creation import TEST_DATABASE_PREFIX

    if not connection.settings_dict["NAME"].startswith(TEST_DATABASE_PREFIX):
        return  # no test of this run needed the database: none was made
    gc.collect()
    with django_db_blocker.unblock():
        connections.close_all()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid, application_name, state, left(query, 200) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            leftovers = cursor.fetchall()
            for pid, *_ in leftovers:
                cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        connections.close_all()
    if leftovers:
        plugins = request.config.pluginmanager
        with plugins.get_plugin("capturemanager").global_and_fixture_disabled():
            for leftover in leftovers:
                plugins.get_plugin("terminalreporter").write_line(
                    f"Session left on the test database, ended: {leftover}"
                )


@pytest.fixture(scope="session")
def smtp_server():
    """A real SMTP server on loopback (aiosmtpd)."""
    handler = RecordingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller
    controller.stop()


@pytest.fixture
def smtp(smtp_server):
    smtp_server.handler.reset()
    yield smtp_server.handler
    smtp_server.handler.reset()


def _database_url(settings_dict):
    return (
        f"postgres://{settings_dict['USER']}@{settings_dict['HOST']}:{settings_dict['PORT']}"
        f"/{settings_dict['NAME']}"
    )


WORKER_HOSTNAME = f"test-worker-{os.getpid()}@localhost"


def _purge_queue():
    import redis

    redis.Redis.from_url(settings.CELERY_BROKER_URL).delete(settings.CELERY_TASK_DEFAULT_QUEUE)


def _worker_is_idle(app):
    inspect = app.control.inspect([WORKER_HOSTNAME], timeout=1)
    answers = (inspect.active(), inspect.reserved(), inspect.scheduled())
    if not all(answers):  # no answer yet: the solo pool is busy with a task
        return False
    return not any(answer.get(WORKER_HOSTNAME) for answer in answers)


@pytest.fixture(scope="session")
def _celery_worker_process(django_db_setup, django_db_blocker, smtp_server):
    """One real Celery worker process for the session, on the run's own Redis queue, against
    the test database and the loopback SMTP server. It consumes only during a test that
    asks for ``celery_worker``."""
    from django.db import connection

    from idm_portal.celery import app

    hostname = WORKER_HOSTNAME
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(connection.settings_dict),
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_server.port}",
        "MAIL_RETRY_BACKOFF": "1",
        "MAIL_RETRY_BACKOFF_MAX": "2",
        "MAIL_MAX_ATTEMPTS": "3",
    }
    log_path = ROOT / "var" / f"test-worker-{os.getpid()}.log"
    log_path.parent.mkdir(exist_ok=True)
    log = log_path.open("w")
    _purge_queue()  # tasks left by tests that ran before the worker existed
    process = subprocess.Popen(
        [
            sys.executable, "-m", "celery", "-A", "idm_portal", "worker",
            "--pool=solo", "--without-gossip", "--without-mingle", "--loglevel=INFO",
            "-Q", settings.CELERY_TASK_DEFAULT_QUEUE, "-n", hostname,
        ],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        wait_for(
            lambda: process.poll() is not None or app.control.ping([hostname], timeout=0.5),
            timeout=60,
            message="the Celery worker to answer",
        )
        assert process.poll() is None, log_path.read_text()
        app.control.cancel_consumer(settings.CELERY_TASK_DEFAULT_QUEUE, destination=[hostname])
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture
def celery_worker(_celery_worker_process):
    """The worker consumes for this test only. Tests that use it need ``transaction=True``
    (the worker sees only committed rows). Tasks that other tests queued are dropped first,
    and the worker is idle again before the test's tables are flushed: no task touches the
    database while pytest empties it."""
    from idm_portal.celery import app

    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    _purge_queue()
    app.control.add_consumer(queue, destination=[WORKER_HOSTNAME], reply=True, timeout=5)
    yield _celery_worker_process
    app.control.cancel_consumer(queue, destination=[WORKER_HOSTNAME], reply=True, timeout=5)
    wait_for(lambda: _worker_is_idle(app), timeout=60, message="the worker to be idle")
    _purge_queue()


@pytest.fixture(scope="session", autouse=True)
def _purge_test_queue():
    """Drop this run's Redis queue at the end, so runs leave nothing behind."""
    yield
    if settings.CELERY_BROKER_URL:
        _purge_queue()


CHROMIUM_ARGS = [
    "--no-sandbox",  # root in CI
    "--headless=new",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium, driven by Playwright (never `playwright install`)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    from playwright.sync_api import expect

    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    # Assertions wait as long as actions: on a loaded two-core machine an htmx round trip
    # can take longer than Playwright's default five seconds.
    expect.set_options(timeout=15_000)
    # Every page runs under the portal's Content-Security-Policy: a violation (reported by
    # the document's securitypolicyviolation event, or logged on the console) fails the test.
    tab, violations = watch_csp_violations(context)
    yield tab
    context.close()
    assert not violations, f"Content-Security-Policy violations: {violations}"


def watch_csp_violations(context):
    """A new tab of ``context`` and the list that collects its Content-Security-Policy
    violations, of every document it loads."""
    violations = []
    context.expose_function("__reportCspViolation", lambda text: violations.append(text))
    context.add_init_script(CSP_VIOLATION_LISTENER)
    tab = context.new_page()

    def on_console(message):
        if "Content Security Policy" in message.text:
            violations.append(message.text)

    tab.on("console", on_console)
    return tab, violations


CSP_VIOLATION_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__reportCspViolation(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} in ${event.documentURI}`
    + (event.sample ? `: ${event.sample}` : ""));
});
"""


def browser_sign_in(page, live_server, email):
    """Sign in through the login page as a person would; a Secretariat member types the code
    of their authenticator app (MFA), as the factory's TOTP device shows it now."""
    from playwright.sync_api import expect

    from tests.factories import PASSWORD, totp_code

    page.goto(f"{live_server.url}{reverse('account_login')}")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.locator("#user-menu, input[name=code]").first.wait_for()
    if page.locator("input[name=code]").count():
        page.locator("input[name=code]").fill(totp_code())
        page.get_by_role("button", name="Sign In").click()
    expect(page.locator("#user-menu")).to_be_visible()


@pytest.fixture
def static_files_by_name(settings):
    """For browser tests on the live server: it serves static files through the finders, by
    their plain names; the manifest storage of DEBUG-off settings would name them by hash,
    which it cannot find."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }

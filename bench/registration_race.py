"""300 registrations at once for 200 seats: confirmed, wait-listed, errors, oversold.

gunicorn (3 sync workers, as the Dockerfile and docker-compose.yml run it) serves the portal
against the bench's PostgreSQL database, with the production settings, a real Redis broker
and one Celery worker (as docker-compose.yml runs it: prefork, a process per core, at
WORKER_NICENESS below the web processes) that renders the registrants' e-mails into the
outbox, and sessions made beforehand in the database for 300 users with verified e-mails.
300 client threads, released at the same moment, each POST one registration form with
their session and CSRF cookies; each request is timed (p50, p95), and the worker's time to
render every e-mail is measured after the last answer. When the register view is not
written yet, 60 threads register the same 300 users through the service instead, printed
as "service level (view not ready)"."""

import datetime as dt
import http.cookiejar
import os
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.db.models import Max
from django.utils import timezone

from bench._gunicorn import ROOT, analyze, database_url, gunicorn
from idm_portal.core.models import IdmYear, Organization, OutgoingMail, User
from workshops.models import Registration, Workshop
from workshops.services import registration as services

PEOPLE = 300
SEATS = 200
WORKERS = 3  # the Dockerfile's CMD and docker-compose.yml's web command
SERVICE_THREADS = 60  # PostgreSQL allows 100 connections
BACKEND = "django.contrib.auth.backends.ModelBackend"


def _workshop_and_people():
    """An open workshop of 200 seats, one NGO and 300 users with verified e-mails
    (committed: the server is another process)."""
    year, _created = IdmYear.objects.get_or_create(
        year=2007, defaults={"overarching_theme": "Benchmark year", "status": "concluded"}
    )
    now = timezone.now()
    # Another module of the run may have taken this year's first ordinal.
    taken = Workshop.objects.filter(idm_year=year).aggregate(Max("ordinal"))["ordinal__max"]
    workshop = Workshop.objects.create(
        idm_year=year,
        ordinal=(taken or 0) + 1,
        title="Benchmark workshop with 200 seats",
        slug="benchmark-registration",
        start_date=dt.date(2007, 3, 25),
        end_date=dt.date(2007, 3, 26),
        venue="Palais des Nations",
        city="Geneva",
        status=Workshop.Status.CONFIRMED,
        is_published=True,
        capacity=SEATS,
        registration_opens=now - dt.timedelta(days=1),
        registration_closes=now + dt.timedelta(days=30),
    )
    organization = Organization.objects.create(
        name="Benchmark NGO", kind=Organization.Kind.NGO, country="CH"
    )
    people = User.objects.bulk_create(
        User(email=f"bench-delegate-{number}@idm.example", name=f"Bench Delegate {number}")
        for number in range(PEOPLE)
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=person, email=person.email, verified=True, primary=True)
        for person in people
    )
    return workshop, organization, people


def _session_key(person):
    """A signed-in session, as django.contrib.auth.login leaves it."""
    session = SessionStore()
    session["_auth_user_id"] = str(person.pk)
    session["_auth_user_backend"] = BACKEND
    session["_auth_user_hash"] = person.get_session_auth_hash()
    session.create()
    return session.session_key


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _client(session_key):
    jar = http.cookiejar.CookieJar()
    jar.set_cookie(
        http.cookiejar.Cookie(
            0, settings.SESSION_COOKIE_NAME, session_key, None, False, "127.0.0.1", False,
            False, "/", True, False, None, False, None, None, {},
        )
    )  # fmt: skip
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)
    return opener, jar


def _open(opener, url, data=None):
    """(status, body); a 4xx or 5xx answer is returned, not raised."""
    try:
        with opener.open(url, data=data, timeout=120) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _prepare(url, session_key):
    """A client with its session and the CSRF cookie of the register page; None when the page
    does not answer 200 (the view is not ready)."""
    opener, jar = _client(session_key)
    status, _body = _open(opener, url)
    token = next((c.value for c in jar if c.name == settings.CSRF_COOKIE_NAME), None)
    if status != 200 or token is None:
        return None
    return opener, token


def _race_http(base, workshop, organization, people):
    url = f"{base}/en/workshops/{workshop.idm_year.year}/{workshop.slug}/register/"
    sessions = [_session_key(person) for person in people]
    first = _prepare(url, sessions[0])
    if first is None:
        return None
    with ThreadPoolExecutor(16) as pool:
        clients = [first, *pool.map(lambda key: _prepare(url, key), sessions[1:])]
    if any(client is None for client in clients):
        return None
    barrier = threading.Barrier(PEOPLE)
    answers = [None] * PEOPLE
    durations = [0.0] * PEOPLE

    def register(index):
        opener, token = clients[index]
        started_at = None
        person = people[index]
        form = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token,
                "badge_name": person.name,
                "title": "Ms",
                "position": "Delegate",
                "email": person.email,
                "organization": organization.pk,
                "category": Organization.Kind.NGO,
                "special_requirements": "",
                "consents_to_list": "on",
            }
        ).encode()
        barrier.wait(timeout=60)
        started_at = time.perf_counter()
        try:
            answers[index] = _open(opener, url, data=form)[0]
        except OSError as error:
            answers[index] = repr(error)
        durations[index] = time.perf_counter() - started_at

    threads = [threading.Thread(target=register, args=(index,)) for index in range(PEOPLE)]
    for thread in threads:
        thread.start()
    started = time.monotonic()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    errors = [a for a in answers if not (isinstance(a, int) and 200 <= a < 400)]
    return elapsed, errors, sorted(durations)


def _race_service(workshop, organization, people):
    """The same 300 registrations through the service, from a pool of 60 threads."""
    barrier = threading.Barrier(SERVICE_THREADS)

    def register(person):
        try:
            services.register(
                workshop,
                person=person,
                organization=organization,
                category=Organization.Kind.NGO,
                badge_name=person.name,
                email=person.email,
            )
        except Exception as error:
            return repr(error)
        finally:
            connection.close()
        return None

    def warm(_index):
        barrier.wait(timeout=60)  # every thread of the pool is up before the first request

    with ThreadPoolExecutor(SERVICE_THREADS) as pool:
        list(pool.map(warm, range(SERVICE_THREADS)))
        started = time.monotonic()
        outcomes = list(pool.map(register, people))
    elapsed = time.monotonic() - started
    return elapsed, [outcome for outcome in outcomes if outcome is not None], []


def _purge_broker_queue():
    """The service-level race queues e-mail tasks that no worker will take: drop them."""
    if not settings.CELERY_BROKER_URL:
        return
    import redis

    redis.Redis.from_url(settings.CELERY_BROKER_URL).delete(settings.CELERY_TASK_DEFAULT_QUEUE)


def _worker():
    """One Celery worker, as docker-compose.yml runs it (prefork pool), on the bench's
    queue."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url(connection.settings_dict),
        "EMAIL_URL": "dummymail://",
        "CONN_MAX_AGE": os.environ.get("CONN_MAX_AGE", "60"),
        "LOG_LEVEL": "WARNING",
    }
    log = (ROOT / "var" / "bench-registration-worker.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable, "-m", "celery", "-A", "idm_portal", "worker",
            "--without-gossip", "--without-mingle", "--loglevel=WARNING",
            "-Q", settings.CELERY_TASK_DEFAULT_QUEUE, "-n", f"bench-race-{os.getpid()}@localhost",
        ],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    return process, log


def _percentile(values, share):
    return values[min(len(values) - 1, int(len(values) * share))] if values else 0.0


def run(report):
    workshop, organization, people = _workshop_and_people()
    analyze()
    arguments = ("--workers", str(WORKERS))  # gunicorn's backlog (2048) holds the 300 at once

    broker = {}
    process = log = None
    if settings.CELERY_BROKER_URL:
        _purge_broker_queue()
        broker = {
            "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
            "CELERY_TASK_DEFAULT_QUEUE": settings.CELERY_TASK_DEFAULT_QUEUE,
        }
        process, log = _worker()
    mails = OutgoingMail.objects.filter(to__contains="bench-delegate-")
    try:
        with gunicorn(
            "bench-registration-gunicorn.log",
            arguments=arguments,
            SECRET_KEY=settings.SECRET_KEY,  # the sessions made here are signed with it
            EMAIL_URL="dummymail://",
            **broker,
        ) as base:
            outcome = _race_http(base, workshop, organization, people)
        worker_seconds = None
        if outcome is not None and process is not None:
            started = time.monotonic()
            deadline = started + 600
            expected = Registration.objects.filter(workshop=workshop).count()
            while mails.count() < expected and time.monotonic() < deadline:
                time.sleep(0.2)
            worker_seconds = time.monotonic() - started
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=30)
            log.close()
    if outcome is None:
        label = f"service level (view not ready), {SERVICE_THREADS} threads"
        try:
            outcome = _race_service(workshop, organization, people)
        finally:
            _purge_broker_queue()
    else:
        where = "Redis + 1 worker" if broker else "no broker: e-mails rendered in the request"
        label = f"HTTP, gunicorn {WORKERS} sync workers, {PEOPLE} clients, {where}"
    elapsed, errors, durations = outcome
    registrations = Registration.objects.filter(workshop=workshop)
    confirmed = registrations.filter(status=Registration.Status.CONFIRMED).count()
    waitlisted = registrations.filter(status=Registration.Status.WAITLISTED).count()
    print(f"   {label}")
    report("confirmed", confirmed)
    report("wait-listed", waitlisted)
    report("errors", len(errors))
    report("oversold (confirmed beyond the seats; must be 0)", max(0, confirmed - SEATS))
    report("registrations per second", registrations.count() / elapsed, "reg/s")
    report("confirmed registrations per minute (goal >= 3,000)", confirmed / elapsed * 60, "/min")
    report("registration POST p50", _percentile(durations, 0.5) * 1000, "ms")
    report("registration POST p95", _percentile(durations, 0.95) * 1000, "ms")
    if worker_seconds is not None:
        report(
            f"worker: {mails.count()} e-mails in the outbox, after the last answer",
            worker_seconds,
            "s",
        )
    if errors:
        shown = ", ".join(sorted({re.sub(r"\d{3,}", "N", str(e))[:80] for e in errors})[:3])
        print(f"   first errors: {shown}")

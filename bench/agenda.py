"""Public agenda page of a 200-session workshop beside a bare Django view, under gunicorn.

gunicorn (2 sync workers) serves the portal against the bench's PostgreSQL database, with the
production settings (DEBUG off, collected static files, CONN_MAX_AGE as in .env.example) and
no broker; /healthz (liveness) is a bare Django view that runs no query. Clients (8
threads, urllib, asking for gzip as every browser does) load the agenda page as an anonymous
visitor, the same without asking for gzip, the agenda page signed in (a delegate's session
cookie: the header with their name is rendered, the agenda's days come from the cache) and
/healthz alternately, for the same time each, and count the answers per second. The cache
is the default one (per-process memory), as in `make run`."""

import datetime as dt
import gzip
import threading
import time
import urllib.request

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore

from bench._gunicorn import ROOT, analyze, gunicorn
from idm_portal.core.models import IdmYear, User
from workshops.models import Session, SessionSpeaker, Speaker, Workshop
from workshops.services.agenda import publish_agenda

STATIC_ROOT = str(ROOT / "var" / "static")  # collected by `make bench`
SESSIONS = 200
CLIENTS = 8
SECONDS_PER_URL = 10  # in total, split into alternating rounds
ROUNDS = 4
WORKERS = 2


def _workshop_with_agenda():
    """A published workshop of 200 sessions over four days, with moderators and panellists,
    and its first release (committed: the server is another process)."""
    year, _created = IdmYear.objects.get_or_create(
        year=2008, defaults={"overarching_theme": "Benchmark year", "status": "concluded"}
    )
    actor, _created = User.objects.get_or_create(
        email="bench-secretariat@idm.example",
        defaults={"name": "Bench Secretariat", "is_superuser": True, "is_staff": True},
    )
    workshop = Workshop.objects.create(
        idm_year=year,
        ordinal=1,
        title="Benchmark workshop with a long agenda",
        slug="benchmark-agenda",
        start_date=dt.date(2008, 3, 25),
        end_date=dt.date(2008, 3, 28),
        venue="Palais des Nations",
        city="Geneva",
        status=Workshop.Status.CONFIRMED,
        is_published=True,
    )
    speakers = Speaker.objects.bulk_create(
        Speaker(
            title="Ms",
            name=f"Bench Speaker {number}",
            position="Director of Migration Policy",
            organization=f"Organization {number}",
        )
        for number in range(300)
    )
    sessions = Session.objects.bulk_create(
        Session(
            workshop=workshop,
            date=workshop.start_date + dt.timedelta(days=number % 4),
            start_time=dt.time(8 + number % 10, 0),
            end_time=dt.time(9 + number % 10, 0),
            title=f"Panel {number}: protecting the human rights of migrants",
            kind="panel",
            room=f"Room {number % 5}",
            description="A panel of government, international and civil-society speakers.",
            order=number,
        )
        for number in range(SESSIONS)
    )
    SessionSpeaker.objects.bulk_create(
        SessionSpeaker(
            session=session,
            speaker=speakers[(number * 4 + position) % len(speakers)],
            role="moderator" if position == 0 else "panellist",
            order=position,
        )
        for number, session in enumerate(sessions)
        for position in range(4)
    )
    publish_agenda(workshop, actor=actor, prerender_pdf=False)
    return workshop


def _delegate_session():
    """A signed-in delegate's session cookie (as django.contrib.auth.login leaves it)."""
    person = User.objects.create(email="bench-agenda-delegate@idm.example", name="Bench Reader")
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    session = SessionStore()
    session["_auth_user_id"] = str(person.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = person.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


# What a browser says it reads: every browser asks for compressed pages.
BROWSER = {"Accept-Encoding": "gzip, deflate, br"}


def _get(url):
    """(status, body as sent); ``url`` may be (url, headers)."""
    headers = {}
    if isinstance(url, tuple):
        url, headers = url
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, response.read()


def _load(url, seconds):
    """Requests per second answered 200 by ``CLIENTS`` threads hammering ``url``."""
    deadline = time.monotonic() + seconds
    counts = [0] * CLIENTS
    failures = []

    def client(index):
        while time.monotonic() < deadline:
            try:
                status, _body = _get(url)
            except OSError as error:
                failures.append(error)
                continue
            if status == 200:
                counts[index] += 1

    threads = [threading.Thread(target=client, args=(index,)) for index in range(CLIENTS)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    if failures:
        raise RuntimeError(f"{len(failures)} failed requests to {url}: {failures[0]}")
    return sum(counts), elapsed


def run(report):
    workshop = _workshop_with_agenda()
    cookie = _delegate_session()
    analyze()
    arguments = ("--workers", str(WORKERS))
    with gunicorn(
        "bench-gunicorn.log",
        arguments=arguments,
        STATIC_ROOT=STATIC_ROOT,
        SECRET_KEY=settings.SECRET_KEY,  # the session made here is signed with it
    ) as base:
        agenda_url = f"{base}/en/workshops/{workshop.idm_year.year}/{workshop.slug}/agenda/"
        anonymous = (agenda_url, BROWSER)
        signed_in = (agenda_url, {**BROWSER, "Cookie": cookie})
        bare = (f"{base}/healthz", BROWSER)
        status, body = _get(agenda_url)
        assert status == 200
        assert b"Release 1, published" in body
        assert f"Panel {SESSIONS - 1}: protecting".encode() in body
        status, packed = _get(anonymous)
        assert gzip.decompress(packed) == body
        status, personal = _get(signed_in)
        assert b"Bench Reader" in personal
        assert f"Panel {SESSIONS - 1}: protecting".encode() in personal
        report("agenda page size", len(body) // 1024, "KiB")
        report("agenda page size, gzipped (browsers)", len(packed) // 1024, "KiB")
        targets = {"anonymous": anonymous, "plain": agenda_url, "signed in": signed_in}
        targets["bare"] = bare
        for target in targets.values():  # warm both workers
            _load(target, 1)
        totals = {name: [0, 0.0] for name in targets}
        for _round in range(ROUNDS):
            for name, target in targets.items():
                count, elapsed = _load(target, SECONDS_PER_URL / ROUNDS)
                totals[name][0] += count
                totals[name][1] += elapsed
    rate = {name: count / seconds for name, (count, seconds) in totals.items()}
    label = f"gunicorn {WORKERS} workers, {CLIENTS} clients"
    report(f"agenda page, {SESSIONS} sessions, anonymous ({label})", rate["anonymous"], "req/s")
    report("same, a client that does not read gzip", rate["plain"], "req/s")
    report(f"agenda page, {SESSIONS} sessions, signed in ({label})", rate["signed in"], "req/s")
    report(f"bare Django view /healthz, liveness ({label})", rate["bare"], "req/s")
    report("bare view / agenda page", rate["bare"] / rate["anonymous"], "x")
    report("agenda page anonymous / bare view (goal >= 0.5)", rate["anonymous"] / rate["bare"], "x")
    report("same, a client that does not read gzip", rate["plain"] / rate["bare"], "x")
    report("agenda page signed in / bare view", rate["signed in"] / rate["bare"], "x")

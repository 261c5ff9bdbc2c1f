"""The public API's agenda endpoint for a 200-session workshop beside a bare Django view,
under gunicorn; and its queries per request for 10 and 500 sessions.

gunicorn (2 sync workers) serves the portal as bench/agenda.py does (production settings, no
broker: /healthz is a bare view that runs one ``SELECT 1``); the API's rate limit is lifted
for the run. Clients (8 threads, urllib) load /api/v1/workshops/<id>/agenda/ and /healthz
alternately, for the same time each. Queries per request are counted in-process
(CaptureQueriesContext) for agendas of 10 and 500 sessions: the count must not grow."""

import datetime as dt
import json

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench._gunicorn import gunicorn
from bench.agenda import CLIENTS, ROUNDS, STATIC_ROOT, WORKERS, _get, _load
from idm_portal.core.models import IdmYear, User
from workshops.models import Session, SessionSpeaker, Speaker, Workshop
from workshops.services.agenda import publish_agenda

SESSIONS = 200
SECONDS_PER_URL = 8


def _workshop(sessions, ordinal):
    """A published workshop of ``sessions`` sessions (four speakers each) and its release."""
    year, _created = IdmYear.objects.get_or_create(
        year=2007, defaults={"overarching_theme": "API benchmark year", "status": "concluded"}
    )
    actor, _created = User.objects.get_or_create(
        email="bench-api@idm.example",
        defaults={"name": "Bench API", "is_superuser": True, "is_staff": True},
    )
    workshop = Workshop.objects.create(
        idm_year=year,
        ordinal=ordinal,
        title=f"API benchmark workshop of {sessions} sessions",
        slug=f"api-benchmark-{sessions}",
        start_date=dt.date(2007, 3, 25),
        end_date=dt.date(2007, 3, 28),
        city="Geneva",
        status=Workshop.Status.CONFIRMED,
        is_published=True,
    )
    speakers = Speaker.objects.bulk_create(
        Speaker(name=f"API Bench Speaker {sessions}-{number}", organization="IOM")
        for number in range(50)
    )
    made = Session.objects.bulk_create(
        Session(
            workshop=workshop,
            date=workshop.start_date + dt.timedelta(days=number % 4),
            start_time=dt.time(8 + number % 10, 0),
            end_time=dt.time(9 + number % 10, 0),
            title=f"Panel {number}",
            room=f"Room {number % 5}",
            order=number,
        )
        for number in range(sessions)
    )
    SessionSpeaker.objects.bulk_create(
        SessionSpeaker(
            session=session,
            speaker=speakers[(number * 4 + position) % len(speakers)],
            role="moderator" if position == 0 else "panellist",
            order=position,
        )
        for number, session in enumerate(made)
        for position in range(4)
    )
    publish_agenda(workshop, actor=actor, prerender_pdf=False)
    return workshop


def _queries(workshop):
    client = Client()
    url = f"/api/v1/workshops/{workshop.pk}/agenda/"
    client.get(url)  # warm
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), len(json.loads(response.content)["sessions"])


def run(report):
    for ordinal, sessions in enumerate((10, 500), start=1):
        count, listed = _queries(_workshop(sessions, ordinal))
        assert listed == sessions
        report(f"API agenda, queries per request, {sessions} sessions", count, "queries")
    workshop = _workshop(SESSIONS, 3)
    arguments = ("--workers", str(WORKERS))
    with gunicorn(
        "bench-api-gunicorn.log",
        arguments=arguments,
        STATIC_ROOT=STATIC_ROOT,
        API_RATE_ANONYMOUS="100000000/min",
    ) as base:
        api_url = f"{base}/api/v1/workshops/{workshop.pk}/agenda/"
        bare_url = f"{base}/healthz"
        status, body = _get(api_url)
        assert status == 200
        assert len(json.loads(body)["sessions"]) == SESSIONS
        report("API agenda size", len(body) // 1024, "KiB")
        for url in (api_url, bare_url):
            _load(url, 1)
        totals = {api_url: [0, 0.0], bare_url: [0, 0.0]}
        for _round in range(ROUNDS):
            for url in (api_url, bare_url):
                count, elapsed = _load(url, SECONDS_PER_URL / ROUNDS)
                totals[url][0] += count
                totals[url][1] += elapsed
    api_rate = totals[api_url][0] / totals[api_url][1]
    bare_rate = totals[bare_url][0] / totals[bare_url][1]
    label = f"gunicorn {WORKERS} workers, {CLIENTS} clients"
    report(f"API agenda, {SESSIONS} sessions ({label})", api_rate, "req/s")
    report(f"bare Django view /healthz, SELECT 1 ({label})", bare_rate, "req/s")
    report("bare view / API agenda", bare_rate / api_rate, "x")

"""Scaling table: the same pages and exports at 10, 100 and 1,000 sessions, 100, 1,000 and
10,000 registrations, 1,000 and 10,000 invitations; the list of participants of 1,000.

In-process (Django's test client against the bench's PostgreSQL; no gunicorn): each page is
asked REPEAT times and the median time is printed with the number of queries of one request,
which must stay the same from the smallest to the largest size. Exports print their peak
Python allocations (tracemalloc, measured on a separate run so that tracing does not slow the
timed one): a streamed CSV stays flat, a spreadsheet made by the worker grows with its rows.
The worker's part (the XLSX, the participants list PDF) is timed by calling the task's
service here, as the worker would; the request's part is the 202 "being made" answer."""

import datetime as dt
import itertools
import statistics
import time
import tracemalloc
import uuid

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from idm_portal.core.middleware import SESSION_KEY as MFA_SESSION_KEY
from idm_portal.core.models import IdmYear, Organization, User
from workshops import exports
from workshops.models import Invitation, Registration, Session, SessionSpeaker, Speaker, Workshop
from workshops.services.agenda import publish_agenda
from workshops.services.registration_exports import filtered_registrations
from workshops.services.registration_pdfs import render_participants_pdf

REPEAT = 5
SESSIONS = (10, 100, 1000)
REGISTRATIONS = (100, 1000, 10000)
INVITATIONS = (1000, 10000)
PARTICIPANTS = 1000
_ordinals = itertools.count(1)


def _year():
    year, _created = IdmYear.objects.get_or_create(
        year=2005, defaults={"overarching_theme": "Scaling year", "status": "concluded"}
    )
    return year


def _workshop(title):
    tag = uuid.uuid4().hex[:8]
    return Workshop.objects.create(
        idm_year=_year(),
        ordinal=next(_ordinals),
        title=title,
        slug=f"scaling-{tag}",
        start_date=dt.date(2005, 3, 25),
        end_date=dt.date(2005, 3, 28),
        venue="Palais des Nations",
        city="Geneva",
        status=Workshop.Status.CONFIRMED,
        is_published=True,
    )


def _person(email, *, superuser=False):
    person = User.objects.create(
        email=email, name=email.split("@")[0], is_superuser=superuser, is_staff=superuser
    )
    EmailAddress.objects.create(user=person, email=email, verified=True, primary=True)
    return person


def _timed(client, url, *, status=200):
    """(median ms, queries of one request, the last response)."""
    times = []
    response = None
    for _round in range(REPEAT):
        started = time.perf_counter()
        response = client.get(url)
        if response.streaming:
            _drain(response)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == status, (url, response.status_code)
    with CaptureQueriesContext(connection) as context:
        again = client.get(url)
        if again.streaming:
            _drain(again)
    return statistics.median(times), len(context.captured_queries), response


def _drain(response):
    """Read a streamed response as a browser would, without keeping it."""
    size = 0
    for chunk in response.streaming_content:
        size += len(chunk)
    return size


def _peak_kib(function):
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1] // 1024
    finally:
        tracemalloc.stop()


def _agenda(report, secretariat, reader):
    speakers = Speaker.objects.bulk_create(
        Speaker(title="Ms", name=f"Scaling Speaker {n}", organization=f"Organization {n}")
        for n in range(200)
    )
    anonymous = Client()
    signed_in = Client()
    signed_in.force_login(reader)
    for count in SESSIONS:
        workshop = _workshop(f"Scaling agenda of {count} sessions")
        sessions = Session.objects.bulk_create(
            Session(
                workshop=workshop,
                date=workshop.start_date + dt.timedelta(days=n % 4),
                start_time=dt.time(8 + n % 10, 0),
                end_time=dt.time(9 + n % 10, 0),
                title=f"Panel {n}",
                kind="panel",
                order=n,
            )
            for n in range(count)
        )
        SessionSpeaker.objects.bulk_create(
            SessionSpeaker(
                session=session,
                speaker=speakers[(n * 4 + position) % len(speakers)],
                role="moderator" if position == 0 else "panellist",
                order=position,
            )
            for n, session in enumerate(sessions)
            for position in range(4)
        )
        publish_agenda(workshop, actor=secretariat, prerender_pdf=False)
        url = reverse("workshops:agenda", args=[workshop.idm_year.year, workshop.slug])
        started = time.perf_counter()
        anonymous.get(url)
        cold = (time.perf_counter() - started) * 1000
        ms, queries, _response = _timed(anonymous, url)
        report(f"agenda {count:>5} sessions: first request (renders the days)", cold, "ms")
        report(f"agenda {count:>5} sessions: anonymous, cached page", ms, "ms")
        report(f"agenda {count:>5} sessions: anonymous, queries", queries)
        ms, queries, _response = _timed(signed_in, url)
        report(f"agenda {count:>5} sessions: signed in, cached days", ms, "ms")
        report(f"agenda {count:>5} sessions: signed in, queries", queries)


def _registrations(workshop, count, organization):
    tag = uuid.uuid4().hex[:8]
    people = User.objects.bulk_create(
        User(email=f"scaling-{tag}-{n}@idm.example", name=f"Scaling Person {n:05d}")
        for n in range(count)
    )
    Registration.objects.bulk_create(
        Registration(
            workshop=workshop,
            person=person,
            organization=organization,
            category=organization.kind,
            badge_name=person.name,
            email=person.email,
            position="Delegate",
            status=Registration.Status.CONFIRMED,
            consents_to_list=True,
        )
        for person in people
    )


def _registration_exports(report, staff):
    organization = Organization.objects.create(
        name="Scaling NGO", kind=Organization.Kind.NGO, country="CH"
    )
    for count in REGISTRATIONS:
        workshop = _workshop(f"Scaling registrations {count}")
        _registrations(workshop, count, organization)
        args = [workshop.idm_year.year, workshop.slug]
        ms, queries, _response = _timed(staff, reverse("workshops:registrations", args=args))
        report(f"registrations {count:>6}: list page (50 a page)", ms, "ms")
        report(f"registrations {count:>6}: list page, queries", queries)
        csv_url = reverse("workshops:registrations_csv", args=args)
        ms, queries, _response = _timed(staff, csv_url)
        peak = _peak_kib(lambda url=csv_url: _drain(staff.get(url)))
        report(f"registrations {count:>6}: CSV streamed", ms, "ms")
        report(f"registrations {count:>6}: CSV, queries", queries)
        report(f"registrations {count:>6}: CSV, peak Python memory", peak, "KiB")
        xlsx_url = reverse("workshops:registrations_xlsx", args=args)
        status = 200 if count <= 300 else 202
        ms, queries, _response = _timed(staff, xlsx_url, status=status)
        where = "made in the request" if status == 200 else "202, queued for the worker"
        report(f"registrations {count:>6}: XLSX request ({where})", ms, "ms")
        report(f"registrations {count:>6}: XLSX request, queries", queries)

        def make_xlsx(workshop=workshop):
            from django.http import QueryDict

            _filter, queryset = filtered_registrations(workshop, QueryDict(""))
            return exports.to_xlsx(queryset, workshop)

        started = time.perf_counter()
        make_xlsx()
        report(f"registrations {count:>6}: XLSX, worker time", time.perf_counter() - started, "s")
        peak = _peak_kib(make_xlsx)
        report(f"registrations {count:>6}: XLSX, worker peak Python memory", peak, "KiB")


def _invitation_exports(report, staff):
    for count in INVITATIONS:
        workshop = _workshop(f"Scaling invitations {count}")
        Invitation.objects.bulk_create(
            Invitation(
                workshop=workshop,
                email=f"scaling-invitee-{n}@idm.example",
                name=f"Scaling Invitee {n}",
                language="en",
            )
            for n in range(count)
        )
        url = reverse("workshops:invitations_csv", args=[workshop.idm_year.year, workshop.slug])
        ms, queries, _response = _timed(staff, url)
        peak = _peak_kib(lambda url=url: _drain(staff.get(url)))
        report(f"invitations {count:>6}: CSV streamed", ms, "ms")
        report(f"invitations {count:>6}: CSV, queries", queries)
        report(f"invitations {count:>6}: CSV, peak Python memory", peak, "KiB")


def _participants_list(report, staff):
    organization = Organization.objects.create(
        name="Scaling participants NGO", kind=Organization.Kind.NGO, country="CH"
    )
    workshop = _workshop(f"Scaling participants list of {PARTICIPANTS}")
    _registrations(workshop, PARTICIPANTS, organization)
    url = reverse("workshops:participants_pdf", args=[workshop.idm_year.year, workshop.slug])
    started = time.perf_counter()
    response = staff.get(url)
    answered = (time.perf_counter() - started) * 1000
    assert response.status_code == 202, response.status_code
    started = time.perf_counter()
    render_participants_pdf(workshop, language="en")
    made = time.perf_counter() - started
    report(f"participants list of {PARTICIPANTS:,}: the request (202)", answered, "ms")
    report(f"participants list of {PARTICIPANTS:,}: worker time (PDF)", made, "s")


def _purge_broker_queue():
    """The requests here queue tasks that no worker takes: drop them."""
    if settings.CELERY_BROKER_URL:
        import redis

        redis.Redis.from_url(settings.CELERY_BROKER_URL).delete(settings.CELERY_TASK_DEFAULT_QUEUE)


def run(report):
    secretariat = _person("scaling-secretariat@idm.example", superuser=True)
    reader = _person("scaling-reader@idm.example")
    staff = Client()
    staff.force_login(secretariat)
    # Signed in with the second factor, as the Secretariat is (SecretariatMfaMiddleware).
    session = staff.session
    session[MFA_SESSION_KEY] = True
    session.save()
    try:
        _agenda(report, secretariat, reader)
        _registration_exports(report, staff)
        _invitation_exports(report, staff)
        _participants_list(report, staff)
    finally:
        _purge_broker_queue()

"""Home page and workshop list with few and many workshops; outbox queueing rate.

The pages must cost the same number of queries whatever the number of workshops, and their
time should grow with the rows rendered only."""

import statistics
import time
from io import StringIO

from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from idm_portal.core.models import IdmYear, OutgoingMail
from idm_portal.core.services.outbox import queue_mail
from workshops.models import Workshop

REPEAT = 30


def measure(client, url):
    client.get(url)  # warm
    timings = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(timings) * 1000, len(queries.captured_queries)


def run(report):
    from django.conf import settings

    settings.DEBUG = True  # load_demo refuses otherwise
    call_command("load_demo", stdout=StringIO())
    settings.DEBUG = False
    client = Client()
    year = IdmYear.objects.get(year=2009)
    results = {}
    for label, count in (("few", 2), ("many", 200)):
        existing = Workshop.objects.filter(idm_year=year).count()
        if existing < count:
            call_command("load_demo", "--scale", str(count - 2), "--force", stdout=StringIO())
        for page, url in (("home", "/en/"), ("workshop list", "/en/workshops/2009/")):
            ms, queries = measure(client, url)
            results[(page, label)] = (ms, queries)
            report(f"{page}, {count} workshops: median time", ms, "ms")
            report(f"{page}, {count} workshops: queries", queries)
    for page in ("home", "workshop list"):
        report(
            f"{page}: time ratio 200 / 2 workshops",
            results[(page, "many")][0] / results[(page, "few")][0],
            "x",
        )

    count = 500
    started = time.perf_counter()
    with transaction.atomic():
        for number in range(count):
            queue_mail(
                to=f"delegate{number}@example.org",
                template="core/email/test",
                context={"name": f"Delegate {number}"},
                language="en",
            )
        # Rolled back: the broker is never told; this measures rendering and storing only.
        transaction.set_rollback(True)
    elapsed = time.perf_counter() - started
    report(f"outbox: queue_mail x {count} (render + insert)", count / elapsed, "mails/s")
    assert not OutgoingMail.objects.exists()

"""One way to write dates and times (issue 14): the ``day``, ``long_day``, ``clock``,
``moment``, ``date_range`` and ``iso`` filters of ``idm_portal/core/templatetags/idm.py``, in
the page's language, a moment in Geneva's time or its meeting's venue's with the zone named;
pages, e-mails and PDFs use them and no template formats a date by itself."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from idm_portal.core.templatetags.idm import clock, day, iso, long_day, moment
from tests.factories import ThemeProposalFactory, VotingRoundFactory, WorkshopFactory

# 30 November 2026, 14:48 UTC: 15:48 in Geneva (CET), 21:48 in Bangkok.
INSTANT = dt.datetime(2026, 11, 30, 14, 48, tzinfo=dt.UTC)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "written"),
    [
        ("en", "30 November 2026 at 15:48 (Geneva time)"),
        ("fr", "30 novembre 2026 à 15:48 (heure de Genève)"),
        ("es", "30 de noviembre de 2026 a las 15:48 (hora de Ginebra)"),
    ],
)
def test_a_page_writes_a_moment_in_geneva_time_in_its_language(client, language, written):
    voting_round = VotingRoundFactory(
        proposals=[ThemeProposalFactory(order=1), ThemeProposalFactory(order=2)],
        opens_at=dt.datetime(2026, 11, 1, 8, tzinfo=dt.UTC),
        closes_at=INSTANT,
    )
    with translation.override(language):
        url = reverse("consultations:round", args=[voting_round.pk])
    page = re.sub(r"\s+", " ", client.get(url).content.decode())
    assert f'<time datetime="2026-11-30T14:48:00Z">{written}</time>' in page


@pytest.mark.django_db
def test_a_meetings_moment_is_in_its_venues_time_named_by_its_city():
    bangkok = WorkshopFactory(city="Bangkok", time_zone="Asia/Bangkok")
    with translation.override("en"):
        assert moment(INSTANT, bangkok) == "30 November 2026 at 21:48 (Bangkok time)"
        assert clock(INSTANT, bangkok) == "21:48"
        # Past midnight in the venue: the venue's day.
        late = dt.datetime(2026, 11, 30, 18, 30, tzinfo=dt.UTC)
        assert day(late, bangkok) == "1 December 2026"
        assert day(late) == "30 November 2026"


@pytest.mark.parametrize(
    ("language", "heading", "time"),
    [
        ("en", "Wednesday 25 March 2009", "15:00"),
        ("fr", "Mercredi 25 mars 2009", "15:00"),
        ("es", "Miércoles 25 de marzo de 2009", "15:00"),
    ],
)
def test_days_and_times_of_day_in_each_language(language, heading, time):
    with translation.override(language):
        assert long_day(dt.date(2009, 3, 25)) == heading
        assert clock(dt.time(15, 0)) == time  # the 24-hour clock, English included


def test_machines_read_iso_8601_in_utc():
    assert iso(INSTANT) == "2026-11-30T14:48:00Z"
    assert iso(dt.date(2026, 11, 30)) == "2026-11-30"
    assert moment(None) == day(None) == clock(None) == iso(None) == ""


# What formats a date or time by itself in a template: Django's date, time and humanize
# filters and the {% now %} tag (allauth's own templates, not ours, are not walked).
RAW_FORMATTING = re.compile(
    r"\|\s*(date|time|naturaltime|naturalday|timesince|timeuntil)\b|{%\s*now\b|_FORMAT\b"
)


def test_no_template_formats_a_date_but_through_the_helpers():
    found = []
    for path in sorted(Path(settings.BASE_DIR, "templates").rglob("*")):
        if path.suffix not in (".html", ".txt"):
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if RAW_FORMATTING.search(line):
                found.append(f"{path.relative_to(settings.BASE_DIR)}:{number}: {line.strip()}")
    assert not found, (
        "Write dates with the day, long_day, clock, moment, date_range and iso filters "
        "({% load idm %}):\n" + "\n".join(found)
    )

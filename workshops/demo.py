"""The workshops of the demo world (IC/2009/5, paragraphs 2 and 7), and synthetic ones for
benchmarks. Adds only what is missing."""

import datetime as dt

from django.db import transaction

from workshops.models import Workshop

WORKSHOPS_2009 = [
    {
        "ordinal": 1,
        "slug": "effective-respect-human-rights-migrants",
        "title": "Effective Respect for the Human Rights of Migrants: A Shared Responsibility",
        "start_date": dt.date(2009, 3, 25),
        "end_date": dt.date(2009, 3, 26),
        "venue": "Palais des Nations",
        "city": "Geneva",
        "status": Workshop.Status.HELD,
        "description": (
            "The panellists and participants shared local, regional and international "
            "experiences in protecting the human rights of migrants, with a focus on "
            "implementation and practical measures."
        ),
    },
    {
        "ordinal": 2,
        "slug": "trafficking-exploitation-migrants",
        "title": "Trafficking and Exploitation of Migrants: Ensuring Protection of Human Rights",
        "start_date": dt.date(2009, 7, 9),
        "end_date": dt.date(2009, 7, 10),
        "venue": "Palais des Nations",
        "city": "Geneva",
        "status": Workshop.Status.SUBJECT_TO_FUNDING,
        "description": (
            "The aim of this workshop is to situate trafficking and exploitation of migrants "
            "within a larger framework of migration governance guided by human rights "
            "principles."
        ),
    },
]


@transaction.atomic
def load(idm_year):
    workshops = []
    for row in WORKSHOPS_2009:
        fields = dict(row)
        slug = fields.pop("slug")
        workshop, _created = Workshop.objects.get_or_create(
            idm_year=idm_year,
            slug=slug,
            defaults={**fields, "time_zone": "Europe/Zurich", "is_published": True},
        )
        workshops.append(workshop)
    return workshops


@transaction.atomic
def load_synthetic(idm_year, count):
    """``count`` synthetic published workshops (for benchmarks), numbered after the real
    ones; a second run with the same count adds nothing."""
    first_day = dt.date(idm_year.year, 9, 1)
    for number in range(1, count + 1):
        start = first_day + dt.timedelta(days=number % 90)
        Workshop.objects.get_or_create(
            idm_year=idm_year,
            slug=f"synthetic-workshop-{number}",
            defaults={
                "ordinal": 100 + number,
                "title": f"Synthetic workshop {number}",
                "start_date": start,
                "end_date": start + dt.timedelta(days=1),
                "city": "Geneva",
                "status": Workshop.Status.PLANNED,
                "is_published": True,
            },
        )

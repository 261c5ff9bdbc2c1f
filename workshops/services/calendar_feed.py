"""A person's private calendar feed: the sessions of the workshops they registered for, from
each workshop's latest published agenda release (so the feed changes when a release is
published). The feed's URL carries a random token; only its SHA-256 is stored, and the URL
is shown once, when it is made or reset. A reset makes the old URL answer 404."""

import hashlib
import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone, translation
from icalendar import Calendar

from idm_portal.core import roles
from idm_portal.core.links import absolute_url
from workshops import calendar, queries
from workshops.models import CalendarFeed, Registration, Workshop


def token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def reset_calendar_feed(person, *, actor):
    """Make ``person``'s feed token, or replace it (the old URL stops working). Returns the
    new token: the only time it is readable."""
    if not roles.is_signed_in(actor) or actor.pk != person.pk:
        raise PermissionDenied
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(
        person=person, defaults={"token_hash": token_hash(token), "created_at": timezone.now()}
    )
    return token


def feed_of_token(token):
    """The feed that ``token`` opens, with its person, or None."""
    if not token or len(token) > 100:
        return None
    return (
        CalendarFeed.objects.select_related("person")
        .filter(token_hash=token_hash(token), person__is_active=True)
        .first()
    )


def registered_workshops(person):
    """The workshops ``person`` has a live registration for, by date."""
    return (
        Workshop.objects.filter(
            registrations__person=person,
            registrations__status__in=[*Registration.HOLDS_SEAT, Registration.Status.WAITLISTED],
        )
        .select_related("idm_year")
        .distinct()
        .order_by("start_date", "pk")
    )


def personal_calendar(person):
    """The iCalendar file (bytes) of the sessions of ``person``'s workshops, in their
    language: the events (and time zones) of each workshop's published agenda."""
    feed = Calendar.new(
        prodid=calendar.PRODID,
        name="IDM",
        method="PUBLISH",
        uid=f"person-{person.pk}@{calendar.UID_DOMAIN}",
    )
    zones = set()
    with translation.override(person.preferred_language):
        for workshop in registered_workshops(person):
            published = queries.published_agenda(workshop)
            if published is None:
                continue
            agenda_url = absolute_url(workshop.get_absolute_url() + "agenda/")
            one = Calendar.from_ical(
                calendar.agenda_calendar(workshop, published, agenda_url=agenda_url)
            )
            for component in one.subcomponents:
                if component.name == "VTIMEZONE":
                    if component["TZID"] in zones:
                        continue
                    zones.add(component["TZID"])
                feed.add_component(component)
    return feed.to_ical()

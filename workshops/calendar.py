"""A published agenda as an iCalendar file: one event per session of a release, in the venue's
time zone, with a UID that stays the same however often the session is edited. The texts
are in the active language: callers build one file per recipient language."""

import datetime as dt

from django.utils.translation import gettext as _
from icalendar import Calendar, Event

UID_DOMAIN = "idm-portal"
PRODID = "-//IOM//IDM Portal//EN"


def session_uid(item):
    """The event's UID: the session's own UUID, kept across edits and releases."""
    return f"{item['uid']}@{UID_DOMAIN}"


def _local(day, clock, zone):
    return dt.datetime.combine(day, dt.time.fromisoformat(clock), tzinfo=zone)


def _location(item, workshop):
    return ", ".join(part for part in (item["room"], workshop.venue, workshop.city) if part)


def _speaker_line(speaker):
    if speaker["details_text"]:
        return f"{speaker['name']} ({speaker['details_text']})"
    return speaker["name"]


def _description(item):
    lines = [item["kind_label"]]
    for group in item["speaker_groups"]:
        names = "; ".join(_speaker_line(speaker) for speaker in group["speakers"])
        lines.append(
            _("%(role)s: %(names)s") % {"role": group["heading"], "names": names},
        )
    if item["description"]:
        lines.extend(["", item["description"]])
    return "\n".join(lines)


def agenda_calendar(workshop, published, *, agenda_url):
    """The iCalendar file (bytes) of a published agenda (``queries.published_agenda``)."""
    zone = workshop.zone
    release = published.release
    calendar = Calendar.new(
        prodid=PRODID,
        name=workshop.title,
        description=_("Agenda, release %(number)d") % {"number": release.number},
        url=agenda_url,
        method="PUBLISH",
        uid=f"agenda-{workshop.pk}@{UID_DOMAIN}",
    )
    for day, sessions in published.days:
        for item in sessions:
            calendar.add_component(
                Event.new(
                    uid=session_uid(item),
                    # DTSTAMP is the release's: the same release gives the same file.
                    stamp=release.published_at,
                    start=_local(day, item["start"], zone),
                    end=_local(day, item["end"], zone),
                    summary=item["title"],
                    location=_location(item, workshop),
                    description=_description(item),
                    url=f"{agenda_url}#session-{item['uid']}",
                )
            )
    # A VTIMEZONE for the workshop's years only: short, and all a calendar needs.
    calendar.add_missing_timezones(
        first_date=dt.date(workshop.start_date.year, 1, 1),
        last_date=dt.date(workshop.end_date.year + 1, 1, 1),
    )
    return calendar.to_ical()


def _workshop_description(workshop):
    return f"{_('International Dialogue on Migration')} {workshop.idm_year.year}: " + str(
        workshop.ordinal_title
    )


def workshop_calendar(workshop, *, url):
    """The workshop as one all-day event over its dates, for a workshop without a published
    agenda; its texts in the active language."""
    description = _workshop_description(workshop)
    calendar = Calendar.new(
        prodid=PRODID, name=workshop.title, description=description, method="PUBLISH"
    )
    calendar.add_component(
        Event.new(
            uid=f"workshop-{workshop.pk}@{UID_DOMAIN}",
            start=workshop.start_date,
            end=workshop.end_date + dt.timedelta(days=1),
            summary=workshop.title,
            location=", ".join(part for part in (workshop.venue, workshop.city) if part),
            description=description,
            url=url,
        )
    )
    return calendar.to_ical()

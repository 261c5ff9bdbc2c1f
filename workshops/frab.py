"""A published agenda release in the frab/pentabarf schedule formats (XML and JSON) that
conference apps read (Giggity, EventFahrplan, c3voc tools), as pretalx exports them.

One room element per room and day; an event per session, with its id (stable across
releases: derived from the session's UID), start and duration in the venue's local time,
speakers as persons."""

import datetime as dt
import uuid
from xml.etree import ElementTree as ET
from zoneinfo import ZoneInfo

from workshops import agenda, queries

VERSION_PREFIX = "release"


def event_id(uid):
    """A positive integer, the same for a session in every release."""
    return uuid.UUID(uid).int % (2**31 - 1) + 1


def _duration(start, end):
    begin = dt.datetime.combine(dt.date.min, dt.time.fromisoformat(start))
    finish = dt.datetime.combine(dt.date.min, dt.time.fromisoformat(end))
    minutes = int((finish - begin).total_seconds() // 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def schedule(workshop, release, *, base_url):
    """The schedule as plain data (the JSON format), days and rooms in agenda order."""
    zone = ZoneInfo(workshop.time_zone)
    days = []
    rooms_seen = []
    for index, (day, items) in enumerate(agenda.group_by_day(release.sessions), start=1):
        rooms = {}
        for item in items:
            room = item["room"] or workshop.venue or workshop.city
            if room not in rooms_seen:
                rooms_seen.append(room)
            start = dt.datetime.combine(
                dt.date.fromisoformat(item["date"]), dt.time.fromisoformat(item["start"]), zone
            )
            rooms.setdefault(room, []).append(
                {
                    "id": event_id(item["uid"]),
                    "guid": item["uid"],
                    "date": start.isoformat(),
                    "start": item["start"],
                    "duration": _duration(item["start"], item["end"]),
                    "room": room,
                    "slug": f"{workshop.slug}-{event_id(item['uid'])}",
                    "url": f"{base_url}#session-{item['uid']}",
                    "title": item["title"],
                    "subtitle": "",
                    "track": str(queries.kind_label(item["kind"])),
                    "type": item["kind"],
                    "language": "en",
                    "abstract": item["description"],
                    "description": "",
                    "persons": [
                        {
                            "id": speaker["id"],
                            "public_name": speaker["name"],
                            "role": str(queries.role_label(speaker["role"])),
                        }
                        for speaker in item["speakers"]
                    ],
                    "links": [],
                    "attachments": [],
                }
            )
        date = day
        starts = [event["date"] for events in rooms.values() for event in events]
        days.append(
            {
                "index": index,
                "date": date.isoformat(),
                "day_start": min(starts),
                "day_end": max(
                    dt.datetime.combine(date, dt.time.fromisoformat(item["end"]), zone).isoformat()
                    for item in items
                ),
                "rooms": rooms,
            }
        )
    return {
        "schedule": {
            "version": f"{VERSION_PREFIX} {release.number}",
            "base_url": base_url,
            "conference": {
                "acronym": f"idm-{workshop.idm_year.year}-{workshop.slug}",
                "title": workshop.title,
                "start": workshop.start_date.isoformat(),
                "end": workshop.end_date.isoformat(),
                "daysCount": (workshop.end_date - workshop.start_date).days + 1,
                "timeslot_duration": "00:15",
                "time_zone_name": workshop.time_zone,
                "rooms": [{"name": room} for room in rooms_seen],
                "days": days,
            },
        }
    }


def _text(parent, tag, value, **attributes):
    element = ET.SubElement(parent, tag, {k: str(v) for k, v in attributes.items()})
    element.text = "" if value is None else str(value)
    return element


def schedule_xml(data):
    """The same schedule as frab XML (bytes, UTF-8)."""
    conference = data["schedule"]["conference"]
    root = ET.Element("schedule")
    _text(root, "version", data["schedule"]["version"])
    head = ET.SubElement(root, "conference")
    for tag in ("title", "acronym", "start", "end"):
        _text(head, tag, conference[tag])
    _text(head, "days", conference["daysCount"])
    _text(head, "timeslot_duration", conference["timeslot_duration"])
    for day in conference["days"]:
        day_element = ET.SubElement(
            root,
            "day",
            {
                "index": str(day["index"]),
                "date": day["date"],
                "start": day["day_start"],
                "end": day["day_end"],
            },
        )
        for room, events in day["rooms"].items():
            room_element = ET.SubElement(day_element, "room", {"name": room})
            for event in events:
                element = ET.SubElement(
                    room_element, "event", {"id": str(event["id"]), "guid": event["guid"]}
                )
                for tag in ("date", "start", "duration", "room", "slug", "url", "title"):
                    _text(element, tag, event[tag])
                for tag in ("subtitle", "track", "type", "language", "abstract", "description"):
                    _text(element, tag, event[tag])
                persons = ET.SubElement(element, "persons")
                for person in event["persons"]:
                    _text(persons, "person", person["public_name"], id=person["id"])
                ET.SubElement(element, "links")
    body = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body).encode()

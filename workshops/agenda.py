"""The agenda as data: warnings about a draft, the published form of its sessions, and what
changed between two releases. Plain functions over loaded objects or dicts; no queries."""

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from itertools import combinations

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from idm_portal.core.templatetags.idm import clock
from idm_portal.core.templatetags.idm import day as format_day


@dataclass
class AgendaWarning:
    kind: str  # "overlap", "double_booking", "outside_dates"
    message: str
    session_ids: list = field(default_factory=list)


def _overlap(first, second):
    return (
        first.date == second.date
        and first.start_time < second.end_time
        and second.start_time < first.end_time
    )


def _when(session):
    return _("%(date)s, %(start)s–%(end)s") % {
        "date": format_day(session.date),
        "start": clock(session.start_time),
        "end": clock(session.end_time),
    }


def agenda_warnings(workshop, sessions):
    """What the Secretariat should look at in a draft agenda: sessions that overlap in the
    same room, a speaker booked in two sessions at the same time, a session outside the
    workshop's dates. ``sessions`` come with their speakers prefetched."""
    warnings = []
    for session in sessions:
        if not workshop.start_date <= session.date <= workshop.end_date:
            warnings.append(
                AgendaWarning(
                    "outside_dates",
                    _("“%(title)s” is on %(date)s, outside the workshop's dates.")
                    % {"title": session.title, "date": format_day(session.date)},
                    [session.pk],
                )
            )
    for first, second in combinations(sessions, 2):
        if not _overlap(first, second):
            continue
        if first.room and first.room.strip().lower() == second.room.strip().lower():
            warnings.append(
                AgendaWarning(
                    "overlap",
                    _("“%(first)s” and “%(second)s” overlap in %(room)s (%(when)s).")
                    % {
                        "first": first.title,
                        "second": second.title,
                        "room": first.room,
                        "when": _when(second),
                    },
                    [first.pk, second.pk],
                )
            )
        first_speakers = {part.speaker_id: part.speaker for part in first.speakers.all()}
        for part in second.speakers.all():
            if part.speaker_id in first_speakers:
                warnings.append(
                    AgendaWarning(
                        "double_booking",
                        _("%(speaker)s is booked in “%(first)s” and “%(second)s” at the same time.")
                        % {
                            "speaker": part.speaker.display_name,
                            "first": first.title,
                            "second": second.title,
                        },
                        [first.pk, second.pk],
                    )
                )
    return warnings


# The languages a release carries besides English (kept under "translations").
OTHER_LANGUAGES = ("fr", "es")


def _translations(obj, fields):
    """{"fr": {"title": ...}, "es": {...}}: the non-empty French and Spanish texts."""
    found = {}
    for language in OTHER_LANGUAGES:
        texts = {name: getattr(obj, f"{name}_{language}") for name in fields}
        texts = {name: text for name, text in texts.items() if text}
        if texts:
            found[language] = texts
    return found


def published_form(sessions):
    """The sessions as a release keeps them: plain JSON, in agenda order. "title",
    "description" and the speakers' "position" and "organization" are the English texts;
    "translations" holds the French and Spanish ones that exist."""
    return [
        {
            "uid": str(session.uid),
            "date": session.date.isoformat(),
            "start": session.start_time.strftime("%H:%M"),
            "end": session.end_time.strftime("%H:%M"),
            # A column that modeltranslation left NULL is kept as an empty text.
            "title": session.title_en or "",
            "kind": session.kind,
            "room": session.room,
            "description": session.description_en or "",
            "translations": _translations(session, ("title", "description")),
            "speakers": [
                {
                    "id": part.speaker_id,
                    "name": part.speaker.display_name,
                    "position": part.speaker.position_en or "",
                    "organization": part.speaker.organization_en or "",
                    "role": part.role,
                    "translations": _translations(part.speaker, ("position", "organization")),
                }
                for part in session.speakers.all()
            ],
        }
        for session in sessions
    ]


def _in_language(item, language, fields):
    """A copy of ``item`` with ``fields`` in ``language`` where the release has them;
    the English ones elsewhere, named in "fallback" (the template marks them lang="en").
    Releases published before translations existed have no "translations": all English."""
    texts = item.get("translations", {}).get(language, {})
    shown = dict(item)
    shown["fallback"] = set()
    if language == "en":
        return shown
    for name in fields:
        if texts.get(name):
            shown[name] = texts[name]
        elif item.get(name):
            shown["fallback"].add(name)
    return shown


def localized(published_sessions, language=None):
    """The release's sessions with their titles, descriptions and speakers' positions in
    ``language`` (the active one by default), falling back to English."""
    language = (language or get_language() or "en")[:2]
    shown = []
    for item in published_sessions:
        session = _in_language(item, language, ("title", "description"))
        session["speakers"] = [
            _in_language(speaker, language, ("position", "organization"))
            for speaker in item["speakers"]
        ]
        shown.append(session)
    return shown


def content_hash(published_sessions):
    encoded = json.dumps(published_sessions, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(encoded).hexdigest()


def _slot(item):
    return (item["date"], item["start"], item["end"], item["room"])


def compare(previous, current):
    """What changed between two releases' sessions, keyed by each session's UID: sessions
    added, moved (day, time or room), cancelled, and speakers added or removed."""
    before = {item["uid"]: item for item in previous}
    after = {item["uid"]: item for item in current}
    changes = {"added": [], "moved": [], "cancelled": [], "speakers": []}
    for uid, item in after.items():
        if uid not in before:
            changes["added"].append({"uid": uid, "title": item["title"], "to": _slot(item)})
            continue
        old = before[uid]
        if _slot(old) != _slot(item):
            changes["moved"].append(
                {"uid": uid, "title": item["title"], "from": _slot(old), "to": _slot(item)}
            )
        old_names = {s["id"]: s["name"] for s in old["speakers"]}
        new_names = {s["id"]: s["name"] for s in item["speakers"]}
        if old_names.keys() != new_names.keys():
            changes["speakers"].append(
                {
                    "uid": uid,
                    "title": item["title"],
                    "added": sorted(new_names[i] for i in new_names.keys() - old_names.keys()),
                    "removed": sorted(old_names[i] for i in old_names.keys() - new_names.keys()),
                }
            )
    for uid, item in before.items():
        if uid not in after:
            changes["cancelled"].append({"uid": uid, "title": item["title"], "from": _slot(item)})
    return changes


def has_changes(changes):
    return any(changes.get(key) for key in ("added", "moved", "cancelled", "speakers"))


def speakers_concerned(previous, current, changes):
    """Speaker id -> the UIDs of the changed sessions they are (or were) in."""
    changed = {entry["uid"] for entries in changes.values() for entry in entries}
    concerned = {}
    for item in (*previous, *current):
        if item["uid"] in changed:
            for speaker in item["speakers"]:
                concerned.setdefault(speaker["id"], set()).add(item["uid"])
    return concerned


def slot_text(slot):
    """'25 March 2009, 10:00–11:30, Room XVII' for a (date, start, end, room) slot."""
    day, start, end, room = slot
    text = _("%(date)s, %(start)s–%(end)s") % {
        "date": format_day(dt.date.fromisoformat(day)),
        "start": start,
        "end": end,
    }
    return f"{text}, {room}" if room else text


def group_by_day(published_sessions):
    """[(date, [session, ...]), ...] in agenda order, dates as ``datetime.date``."""
    days = {}
    for item in localized(published_sessions):
        days.setdefault(dt.date.fromisoformat(item["date"]), []).append(item)
    return list(days.items())

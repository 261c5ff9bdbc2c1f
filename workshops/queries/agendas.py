"""Agendas for display: the published agenda by day with its speakers by role, a
speaker's appearances, and the draft as the Secretariat's editor shows it."""

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from django.http import Http404
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import ngettext

from workshops import agenda
from workshops.models import AgendaRelease, Document, Session, SessionSpeaker, Workshop
from workshops.services import agenda as services

from .workshops import latest_release, latest_releases

# Moderators and chairs first, then panellists, keynote speakers, rapporteurs.
ROLE_ORDER = (
    SessionSpeaker.Role.CHAIR,
    SessionSpeaker.Role.MODERATOR,
    SessionSpeaker.Role.PANELLIST,
    SessionSpeaker.Role.KEYNOTE,
    SessionSpeaker.Role.RAPPORTEUR,
)


# Whole words per role and number, so that each language may agree them.
ROLE_HEADINGS = {
    SessionSpeaker.Role.CHAIR: lambda count: ngettext("Chair", "Chairs", count),
    SessionSpeaker.Role.MODERATOR: lambda count: ngettext("Moderator", "Moderators", count),
    SessionSpeaker.Role.PANELLIST: lambda count: ngettext("Panellist", "Panellists", count),
    SessionSpeaker.Role.KEYNOTE: lambda count: ngettext(
        "Keynote speaker", "Keynote speakers", count
    ),
    SessionSpeaker.Role.RAPPORTEUR: lambda count: ngettext("Rapporteur", "Rapporteurs", count),
}
ROLE_RANK = {role: rank for rank, role in enumerate(ROLE_ORDER)}


def role_heading(role, count):
    """'Moderator', 'Panellists', ... in the active language."""
    heading = ROLE_HEADINGS.get(role)
    return heading(count) if heading else role


def role_label(role):
    """A speaker's role in a session, in words ('Panellist')."""
    return role_heading(role, 1)


def kind_label(kind):
    return str(Session.Kind(kind).label) if kind in Session.Kind.values else kind


class _Labels:
    """Words and links that many sessions of one agenda share, each made once."""

    def __init__(self):
        self.kinds = {}
        self.speaker_urls = {}

    def kind(self, kind):
        if kind not in self.kinds:
            self.kinds[kind] = kind_label(kind)
        return self.kinds[kind]

    def speaker(self, speaker):
        pk = speaker["id"]
        if pk not in self.speaker_urls:
            self.speaker_urls[pk] = reverse("workshops:speaker", kwargs={"pk": pk})
        fallback = speaker.get("fallback", ())
        details = format_html_join(
            ", ",
            "{}",
            (
                # English where the release has no French/Spanish: marked for screen readers.
                (
                    format_html('<span lang="en">{}</span>', speaker[name])
                    if name in fallback
                    else speaker[name],
                )
                for name in ("position", "organization")
                if speaker[name]
            ),
        )
        # The same as plain text, for calendars and other non-HTML outputs.
        text = ", ".join(speaker[name] for name in ("position", "organization") if speaker[name])
        return {**speaker, "url": self.speaker_urls[pk], "details": details, "details_text": text}

    def speaker_groups(self, speakers):
        by_role: dict = {}
        for speaker in speakers:
            by_role.setdefault(speaker["role"], []).append(self.speaker(speaker))
        return [
            {"role": role, "heading": role_heading(role, len(members)), "speakers": members}
            for role, members in sorted(
                by_role.items(), key=lambda pair: ROLE_RANK.get(pair[0], len(ROLE_RANK))
            )
        ]


def agenda_days(release):
    """A release's sessions for display: [(date, [session, ...]), ...] in agenda order, each
    session a copy of its published form with ``kind_label`` and ``speaker_groups`` (the
    speakers by role, moderators and chairs first, each with ``url`` and ``details``)."""
    labels = _Labels()
    return [
        (
            day,
            [
                {
                    **item,
                    "kind_label": labels.kind(item["kind"]),
                    "speaker_groups": labels.speaker_groups(item["speakers"]),
                }
                for item in items
            ],
        )
        for day, items in agenda.group_by_day(release.sessions)
    ]


@dataclass
class PublishedAgenda:
    release: AgendaRelease

    @cached_property
    def days(self):
        """Computed when first asked: the agenda page may serve its days from the cache."""
        return agenda_days(self.release)

    @property
    def changes(self):
        """What changed since the previous release, or None (first release, or nothing)."""
        changes = self.release.changes
        return changes if agenda.has_changes(changes) else None

    @property
    def previous_number(self):
        return self.release.number - 1


def published_agenda(workshop):
    """What the public reads of a workshop's agenda: its latest release, by day; None when
    no release has been published. Never the draft."""
    release = latest_release(workshop)
    if release is None:
        return None
    release.workshop = workshop
    return PublishedAgenda(release=release)


@dataclass
class Appearance:
    """A speaker's part in a session of a published agenda."""

    workshop: Workshop
    release: AgendaRelease
    session: dict
    role: str

    @property
    def date(self):
        return dt.date.fromisoformat(self.session["date"])

    @property
    def role_label(self):
        return role_label(self.role)

    @property
    def kind_label(self):
        return kind_label(self.session["kind"])


def speaker_appearances(speaker):
    """The speaker's sessions in the latest releases of published workshops, in time order
    (one query, whatever the number of workshops)."""
    appearances = []
    for release in latest_releases():
        for item in agenda.localized(release.sessions):
            for part in item["speakers"]:
                if part["id"] == speaker.pk:
                    appearances.append(Appearance(release.workshop, release, item, part["role"]))
    return sorted(appearances, key=lambda found: (found.session["date"], found.session["start"]))


def published_speaker_ids():
    """Ids of the speakers in the latest release of a published workshop."""
    return {
        part["id"]
        for sessions in latest_releases().values_list("sessions", flat=True)
        for item in sessions
        for part in item["speakers"]
    }


def editor_documents(workshop):
    """Every document of a workshop (public or not), for the agenda editor."""
    return Document.objects.filter(workshop=workshop).select_related("session")


@dataclass
class Day:
    date: dt.date
    sessions: list
    outside: bool  # not between the workshop's first and last day

    @property
    def key(self):
        return self.date.isoformat()


@dataclass
class Draft:
    """The draft agenda as the editor shows it: sessions by day, warnings, and how it
    compares with the latest release."""

    workshop: Workshop
    sessions: list
    release: AgendaRelease | None

    @classmethod
    def load(cls, workshop):
        sessions = list(services.draft_sessions(workshop))
        for session in sessions:
            session.workshop = workshop
        return cls(workshop, sessions, latest_release(workshop))

    @cached_property
    def days(self):
        workshop = self.workshop
        by_date: dict[dt.date, list] = {}
        date = workshop.start_date
        while date <= workshop.end_date:
            by_date[date] = []
            date += dt.timedelta(days=1)
        for session in self.sessions:
            by_date.setdefault(session.date, []).append(session)
        return [
            Day(date, sessions, not workshop.start_date <= date <= workshop.end_date)
            for date, sessions in sorted(by_date.items())
        ]

    def day(self, date):
        return next(
            (day for day in self.days if day.date == date),
            Day(date, [], not self.workshop.start_date <= date <= self.workshop.end_date),
        )

    def session(self, pk):
        found = next((session for session in self.sessions if session.pk == pk), None)
        if found is None:  # deleted meanwhile, in another window
            raise Http404("No such session.")
        return found

    @cached_property
    def warnings(self):
        return agenda.agenda_warnings(self.workshop, self.sessions)

    @cached_property
    def warned_ids(self):
        return {pk for warning in self.warnings for pk in warning.session_ids}

    @cached_property
    def matches_release(self):
        if self.release is None:
            return False
        digest = agenda.content_hash(agenda.published_form(self.sessions))
        return digest == self.release.content_hash

    @property
    def next_number(self):
        return self.release.number + 1 if self.release else 1

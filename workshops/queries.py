"""Querysets of workshops that several views need."""

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from django.db import connection
from django.db.models import Case, CharField, Count, F, Min, OuterRef, Q, Subquery, Value, When
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from idm_portal.core import roles
from idm_portal.core.models import IdmYear, Organization
from workshops import agenda
from workshops.models import (
    AgendaRelease,
    Document,
    Registration,
    Session,
    SessionSpeaker,
    Workshop,
)


def visible_workshops(user):
    """Published workshops; the Secretariat also sees drafts."""
    workshops = Workshop.objects.select_related("idm_year")
    if roles.can_see_unpublished(user):
        return workshops
    return workshops.filter(is_published=True)


def workshop_or_404(year=None, slug=None, *, pk=None, visible_to=None):
    """The workshop (its IDM year selected) of IDM year ``year`` with ``slug``, or by ``pk``;
    404 when there is none. The Secretariat's pages (behind their role check) see every
    workshop, drafts too; with ``visible_to`` (a user), a draft is found only by someone who
    may see unpublished workshops, so a public or member's page never reveals one."""
    workshops = (
        Workshop.objects.select_related("idm_year")
        if visible_to is None
        else visible_workshops(visible_to)
    )
    lookup = {"pk": pk} if pk is not None else {"idm_year__year": year, "slug": slug}
    return get_object_or_404(workshops, **lookup)


def workshops_of_year(idm_year, user):
    return visible_workshops(user).filter(idm_year=idm_year).order_by("start_date", "ordinal")


def published_workshops():
    return Workshop.objects.filter(is_published=True).select_related("idm_year")


def latest_release(workshop):
    """The workshop's latest agenda release (what the public reads), or None."""
    return workshop.releases.order_by("-number").first()


def _columns(model, alias):
    return ", ".join(f'{alias}."{field.column}"' for field in model._meta.concrete_fields)


def visible_workshop_with_release(user, *, year, slug):
    """The workshop ``user`` may see, with its IDM year and the heading of its latest release
    (number, date, content hash; not its sessions) as ``workshop.latest_release`` (None when
    none), in one query; None when there is no such workshop.

    Every anonymous view of a cached page runs it to build its key, so it is one plain SQL
    statement (a LATERAL join on the release's unique (workshop, number) index): compiling
    the ORM's four correlated subqueries cost more than the page itself. Other databases (the
    SQLite of `make run`, which has no LATERAL and returns raw timestamps without their time
    zone) take the ORM's way, in two queries."""
    if connection.vendor != "postgresql":
        return _visible_workshop_with_release_by_orm(user, year=year, slug=slug)
    workshop_fields = Workshop._meta.concrete_fields
    year_fields = IdmYear._meta.concrete_fields
    published_only = "" if roles.can_see_unpublished(user) else "AND w.is_published"
    # Only table and column names from the models are formatted in; the values are parameters.
    sql = (
        f"SELECT {_columns(Workshop, 'w')}, {_columns(IdmYear, 'y')}, "  # noqa: S608
        "r.id, r.number, r.published_at, r.content_hash "
        f"FROM {Workshop._meta.db_table} w "
        f"JOIN {IdmYear._meta.db_table} y ON y.id = w.idm_year_id "
        "LEFT JOIN LATERAL (SELECT id, number, published_at, content_hash "
        f"FROM {AgendaRelease._meta.db_table} WHERE workshop_id = w.id "
        "ORDER BY number DESC LIMIT 1) r ON true "
        f"WHERE y.year = %s AND w.slug = %s {published_only}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [year, slug])
        row = cursor.fetchone()
    if row is None:
        return None
    split = len(workshop_fields)
    workshop = Workshop.from_db("default", [f.attname for f in workshop_fields], row[:split])
    workshop.idm_year = IdmYear.from_db(
        "default", [f.attname for f in year_fields], row[split : split + len(year_fields)]
    )
    release_id, number, published_at, content_hash = row[split + len(year_fields) :]
    workshop.latest_release = None
    if release_id is not None:
        # As loaded with only these fields: the sessions and changes stay deferred.
        workshop.latest_release = AgendaRelease.from_db(
            "default",
            ["id", "workshop_id", "number", "published_at", "content_hash"],
            [release_id, workshop.pk, number, published_at, content_hash],
        )
        workshop.latest_release.workshop = workshop
    return workshop


def _visible_workshop_with_release_by_orm(user, *, year, slug):
    workshops = Workshop.objects.select_related("idm_year").filter(idm_year__year=year, slug=slug)
    if not roles.can_see_unpublished(user):
        workshops = workshops.filter(is_published=True)
    workshop = workshops.first()
    if workshop is None:
        return None
    workshop.latest_release = (
        AgendaRelease.objects.filter(workshop=workshop)
        .only("id", "workshop_id", "number", "published_at", "content_hash")
        .order_by("-number")
        .first()
    )
    return workshop


def visible_documents(workshop, user):
    """The workshop's documents the viewer may see, in one query."""
    documents = workshop.documents.all()  # the manager sets document.workshop: no extra query
    return [document for document in documents if roles.can_view_document(user, document)]


def latest_releases():
    """The latest release of each published workshop, with its workshop and IDM year."""
    newest = (
        AgendaRelease.objects.filter(workshop=OuterRef("workshop"))
        .order_by("-number")
        .values("number")[:1]
    )
    return (
        AgendaRelease.objects.filter(workshop__is_published=True, number=Subquery(newest))
        .select_related("workshop__idm_year")
        .order_by("workshop__start_date", "workshop__pk")
    )


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
        by_role = {}
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


# --- Invitations ---


def invitations_with_status(workshop):
    """A workshop's invitations, each with ``status`` derived from its two sources of truth:
    the answer on the invitation (accepted, declined) and else the delivery on its outbox
    mail (queued, sending, sent, failed); no mail yet is queued. With the mail, the reminder,
    the organization and the registration selected (one query for a page)."""
    from workshops.models import Invitation

    return (
        Invitation.objects.filter(workshop=workshop)
        .select_related("mail", "reminder_mail", "organization", "registration", "account")
        .annotate(
            status=Case(
                When(answer="accepted", then=Value("accepted")),
                When(answer="declined", then=Value("declined")),
                When(mail__isnull=True, render_error="", then=Value("queued")),
                When(mail__isnull=True, then=Value("failed")),
                default=F("mail__status"),
                output_field=CharField(),
            )
        )
    )


def invitation_counts(workshop, now):
    """Counts by status, and the batch in flight: ``due`` (waiting for the worker: not
    rendered yet but due, or in the outbox queued or sending), ``scheduled`` (scheduled
    later), ``unscheduled`` (not sent yet) and ``done`` (sent, failed or answered), in one
    query."""
    from workshops.models import Invitation

    not_rendered = Q(mail__isnull=True, answer="", render_error="")
    render_failed = Q(answer="", mail__isnull=True) & ~Q(render_error="")
    in_outbox = Q(answer="", mail__status__in=["queued", "sending"])
    return Invitation.objects.filter(workshop=workshop).aggregate(
        total=Count("pk"),
        accepted=Count("pk", filter=Q(answer="accepted")),
        declined=Count("pk", filter=Q(answer="declined")),
        sent=Count("pk", filter=Q(answer="", mail__status="sent")),
        failed=Count("pk", filter=Q(answer="", mail__status="failed") | render_failed),
        sending=Count("pk", filter=Q(answer="", mail__status="sending")),
        queued=Count("pk", filter=not_rendered | Q(answer="", mail__status="queued")),
        due=Count("pk", filter=(not_rendered & Q(send_at__lte=now)) | in_outbox),
        scheduled=Count("pk", filter=not_rendered & Q(send_at__gt=now)),
        unscheduled=Count("pk", filter=not_rendered & Q(send_at__isnull=True)),
        reminded=Count("pk", filter=Q(reminded_at__isnull=False)),
        next_send_at=Min("send_at", filter=not_rendered & Q(send_at__gt=now)),
    )


# --- Suggestions of case studies and speakers for a workshop ---


def workshop_suggestions(workshop):
    """Every suggestion for a workshop, newest first, with its member state, author, speaker
    and number of comments (one query for the whole list)."""
    from django.db.models import Count, Q

    from workshops.models import Suggestion, SuggestionEvent

    return (
        Suggestion.objects.filter(workshop=workshop)
        .select_related("member_state", "suggested_by", "speaker")
        .annotate(
            comment_count=Count("events", filter=Q(events__action=SuggestionEvent.Action.COMMENTED))
        )
        .order_by("-created_at", "-pk")
    )


def suggestions_of_member_states(user):
    """The suggestions of the member states ``user`` is a focal point of, newest first, with
    their workshops and number of comments."""
    from django.db.models import Count, Q

    from workshops.models import Suggestion, SuggestionEvent

    return (
        Suggestion.objects.filter(member_state__in=[s.pk for s in roles.member_states_of(user)])
        .select_related("workshop__idm_year", "member_state", "suggested_by")
        .annotate(
            comment_count=Count("events", filter=Q(events__action=SuggestionEvent.Action.COMMENTED))
        )
        .order_by("-created_at", "-pk")
    )


def suggestion_timeline(suggestion):
    """What happened to a suggestion, in order, with who did it."""
    return suggestion.events.select_related("actor").order_by("created_at", "pk")


def participant_groups(workshop):
    """The consenting participants grouped as IOM lists them: member states (by country
    name), observers, international organizations, NGOs, others; under each organization its
    people. [(heading, [(organization, [registration, ...]), ...]), ...], empty groups
    left out."""
    Participating = (Registration.Status.CONFIRMED, Registration.Status.ATTENDED)
    Kind = Organization.Kind
    registrations = (
        Registration.objects.filter(
            workshop=workshop, consents_to_list=True, status__in=Participating
        )
        .select_related("organization")
        .order_by("badge_name", "pk")
    )
    headings = {
        "member_states": _("Member States"),
        "observers": _("Observers"),
        "international_organizations": _("International organizations"),
        "ngos": _("Non-governmental organizations"),
        "others": _("Others"),
    }
    groups = {key: {} for key in headings}
    for registration in registrations:
        organization = registration.organization
        if organization.kind == Kind.GOVERNMENT:
            if organization.iom_status == Organization.IomStatus.MEMBER_STATE:
                key = "member_states"
            elif organization.iom_status == Organization.IomStatus.OBSERVER_STATE:
                key = "observers"
            else:
                key = "others"
        elif organization.kind == Kind.INTERNATIONAL_ORGANIZATION:
            key = "international_organizations"
        elif organization.kind == Kind.NGO:
            key = "ngos"
        else:
            key = "others"
        groups[key].setdefault(organization, []).append(registration)

    def name_of(organization):
        # States in the order of their country's name, in the language of the list.
        if organization.kind == Kind.GOVERNMENT and organization.country:
            return str(organization.country.name).casefold()
        return organization.name.casefold()

    return [
        (headings[key], sorted(groups[key].items(), key=lambda item: name_of(item[0])))
        for key in headings
        if groups[key]
    ]

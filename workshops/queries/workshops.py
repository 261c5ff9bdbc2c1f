"""Querysets of workshops: those a person may see, a workshop with the heading of its
latest agenda release, what shapes its public agenda page, its documents, and the latest
releases."""

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.db import connection
from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404

from idm_portal.core import roles
from idm_portal.core.models import IdmYear, Organization
from idm_portal.core.page_cache import row_values
from workshops.models import AgendaRelease, Session, Statement, Workshop


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


def _from_visible_workshop(user, *, release_columns, joined=""):
    """The FROM and WHERE of the raw queries below: the workshop ``w`` of IDM year ``y``
    (year and slug as the two parameters) that ``user`` may see, with ``release_columns``
    of its latest release as ``r`` (a LATERAL join on the release's unique (workshop,
    number) index), then the ``joined`` SQL. Only table names from the models are formatted
    in; the values are parameters."""
    published_only = "" if roles.can_see_unpublished(user) else "AND w.is_published"
    return (
        f"FROM {Workshop._meta.db_table} w "  # noqa: S608
        f"JOIN {IdmYear._meta.db_table} y ON y.id = w.idm_year_id "
        f"LEFT JOIN LATERAL (SELECT {release_columns} "
        f"FROM {AgendaRelease._meta.db_table} WHERE workshop_id = w.id "
        "ORDER BY number DESC LIMIT 1) r ON true "
        f"{joined}"
        f"WHERE y.year = %s AND w.slug = %s {published_only}"
    )


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
    sql = (
        f"SELECT {_columns(Workshop, 'w')}, {_columns(IdmYear, 'y')}, "
        "r.id, r.number, r.published_at, r.content_hash "
        + _from_visible_workshop(user, release_columns="id, number, published_at, content_hash")
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


@dataclass(frozen=True)
class AgendaVersion:
    """What shapes the public agenda page of a workshop, as the parts of its cache key, and
    the date of its latest release (the page's Last-Modified; None before the first)."""

    parts: tuple[str, ...]
    published_at: dt.datetime | None


def agenda_version(user, *, year, slug):
    """The AgendaVersion of the workshop ``user`` may see (None when there is no such
    workshop), without loading the workshop: one small query on PostgreSQL, which hashes
    the rows itself. The parts change with any column of the workshop or its IDM year, with
    a new release, and with any column of a published statement, of its session or of its
    member state (they are listed under the sessions, outside the release).

    An anonymous visitor's agenda comes whole from the cache with this one query; the page
    itself is read only to make it."""
    if connection.vendor != "postgresql":
        return _agenda_version_by_orm(user, year=year, slug=slug)
    statements = (
        "LEFT JOIN LATERAL (SELECT md5(string_agg(st::text || se::text || m::text, ',' "  # noqa: S608
        f"ORDER BY st.id)) AS version FROM {Statement._meta.db_table} st "
        f"JOIN {Session._meta.db_table} se ON se.id = st.session_id "
        f"JOIN {Organization._meta.db_table} m ON m.id = st.member_state_id "
        "WHERE se.workshop_id = w.id AND st.published_at IS NOT NULL) s ON true "
    )
    sql = (
        "SELECT md5(w::text || y::text), r.number, r.content_hash, r.published_at, "
        "s.version "
        + _from_visible_workshop(
            user, release_columns="number, content_hash, published_at", joined=statements
        )
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [year, slug])
        row = cursor.fetchone()
    if row is None:
        return None
    rows, number, content_hash, published_at, statements = row
    return AgendaVersion((rows, str(number), str(content_hash), str(statements)), published_at)


def _agenda_version_by_orm(user, *, year, slug):
    workshop = visible_workshop_with_release(user, year=year, slug=slug)
    if workshop is None:
        return None
    release = workshop.latest_release
    statements = (
        Statement.objects.filter(session__workshop=workshop, published_at__isnull=False)
        .select_related("session", "member_state")
        .order_by("pk")
    )
    parts = row_values(workshop, workshop.idm_year, release) + [
        part
        for statement in statements
        for part in row_values(statement, statement.session, statement.member_state)
    ]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return AgendaVersion((digest,), release.published_at if release else None)


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

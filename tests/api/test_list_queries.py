"""Every list endpoint answers in the same number of queries for a few rows and for many."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from tests.factories import (
    DiscussionNoteFactory,
    IdmYearFactory,
    InvitationFactory,
    MemberStateFactory,
    OrganizationFactory,
    SuggestionFactory,
    VotingRoundFactory,
    WorkshopFactory,
)
from workshops.models import AgendaRelease, Document


def _years(workshop, count):
    for number in range(count):
        IdmYearFactory(year=2100 + number, status="concluded")
    return "/api/v1/years/", None, count + 1  # and the workshop's year


def _notes(workshop, count):
    for _number in range(count):
        DiscussionNoteFactory(status="published", published_at=timezone.now())
    return "/api/v1/notes/", None, count


def _rounds(workshop, count):
    for _number in range(count):
        VotingRoundFactory(
            opens_at=timezone.now() - dt.timedelta(days=9),
            closes_at=timezone.now() - dt.timedelta(days=1),
        )
    return "/api/v1/voting-rounds/", None, count


def _releases(workshop, count):
    AgendaRelease.objects.bulk_create(
        AgendaRelease(workshop=workshop, number=number + 1, sessions=[], content_hash="x")
        for number in range(count)
    )
    return f"/api/v1/workshops/{workshop.pk}/releases/", None, count


def _documents(workshop, count):
    for number in range(count):
        Document.objects.create(
            workshop=workshop,
            kind="background_paper",
            title=f"Paper {number}",
            file=ContentFile(b"%PDF-1.4", name=f"paper{number}.pdf"),
            file_type="pdf",
            size=8,
        )
    return f"/api/v1/workshops/{workshop.pk}/documents/", None, count


def _invitations(workshop, count):
    organization = OrganizationFactory()
    InvitationFactory.create_batch(count, workshop=workshop, organization=organization)
    return f"/api/v1/workshops/{workshop.pk}/invitations/", "invitations", count


def _suggestions(workshop, count):
    state = MemberStateFactory(country="CH", name="Switzerland")
    SuggestionFactory.create_batch(count, workshop=workshop, member_state=state)
    return f"/api/v1/workshops/{workshop.pk}/suggestions/", "suggestions", count


# builder, queries (token lookups and the owner's role check included)
LISTS = {
    "years": (_years, 1),
    "notes": (_notes, 1),
    "voting rounds": (_rounds, 2),
    "releases": (_releases, 2),
    "documents": (_documents, 2),
    "invitations": (_invitations, 4),
    "suggestions": (_suggestions, 4),
}


@pytest.mark.parametrize("count", [2, 25])
@pytest.mark.parametrize("name", LISTS)
def test_list_endpoint_query_count_does_not_grow(
    api, make_token, settings, tmp_path, django_assert_num_queries, name, count
):
    settings.MEDIA_ROOT = tmp_path
    build, queries = LISTS[name]
    url, scope, expected = build(WorkshopFactory(), count)
    client = api(make_token(scope)[1] if scope else None)
    client.get(url)  # the token's last use is written at most once a minute
    with django_assert_num_queries(queries):
        results = client.get(url + "?page_size=100").json()["results"]
    assert len(results) == expected

"""Public pages from the cache: the agenda, the workshop page and a published note. Keyed by
what shapes them, so that a new release or an edit is seen at once in every language; whole
pages only for anonymous visitors (ETag, 304, public Cache-Control); a signed-in visitor's
name and registration never reach another visitor."""

import datetime as dt
import gzip

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from consultations.models import DiscussionNote
from tests.factories import (
    DiscussionNoteFactory,
    OrganizationFactory,
    SessionFactory,
    UserFactory,
    WorkshopFactory,
)
from workshops.models import Session, Workshop
from workshops.services.agenda import publish_agenda, update_session
from workshops.services.registration import register

pytestmark = pytest.mark.django_db

LANGUAGES = ("en", "fr", "es")


def url(name, workshop, language="en"):
    with translation.override(language):
        return reverse(name, args=[workshop.idm_year.year, workshop.slug])


def _published(secretariat, title="Opening of the workshop"):
    workshop = WorkshopFactory(
        title="Effective Respect for the Human Rights of Migrants",
        registration_opens=timezone.now() - dt.timedelta(days=1),
        registration_closes=timezone.now() + dt.timedelta(days=10),
    )
    SessionFactory(workshop=workshop, title=title)
    publish_agenda(workshop, actor=secretariat)
    return workshop


def test_after_release_2_no_visitor_in_any_language_sees_release_1(client, secretariat, delegate):
    workshop = _published(secretariat, title="Opening of the workshop")
    signed_in = Client()
    signed_in.force_login(delegate)
    for language in LANGUAGES:  # every page of release 1 is in the cache
        for visitor in (client, signed_in):
            body = visitor.get(url("workshops:agenda", workshop, language)).content.decode()
            assert "Opening of the workshop" in body
            visitor.get(url("workshops:detail", workshop, language))

    session = Session.objects.get(workshop=workshop)
    update_session(session, actor=secretariat, title="Opening, moved to the afternoon")
    publish_agenda(workshop, actor=secretariat)

    for language in LANGUAGES:
        for visitor in (client, signed_in):
            agenda = visitor.get(url("workshops:agenda", workshop, language)).content.decode()
            assert "Opening, moved to the afternoon" in agenda
            assert "Opening of the workshop" not in agenda
    for visitor in (client, signed_in):
        detail = visitor.get(url("workshops:detail", workshop)).content.decode()
        assert "release 2, published" in detail
        assert "release 1, published" not in detail


def test_a_workshop_edit_is_seen_at_once_by_anonymous_visitors(client, secretariat):
    workshop = _published(secretariat)
    assert "Palais des Nations" in client.get(url("workshops:detail", workshop)).content.decode()
    assert "Palais des Nations" in client.get(url("workshops:agenda", workshop)).content.decode()

    # As any service of the workshop's life would change its row (no hook into the cache).
    Workshop.objects.filter(pk=workshop.pk).update(venue="Centre international de conférences")

    for name in ("workshops:detail", "workshops:agenda"):
        body = client.get(url(name, workshop)).content.decode()
        assert "Centre international de conférences" in body
        assert "Palais des Nations" not in body


def test_signed_in_visitors_one_after_the_other_see_only_their_own_name_and_registration(
    client, secretariat
):
    workshop = _published(secretariat)
    organization = OrganizationFactory(name="Migrants Rights Network")
    first = UserFactory(email="amina@example.org", name="Amina Registered")
    second = UserFactory(email="bruno@example.org", name="Bruno Visitor")
    register(
        workshop,
        person=first,
        organization=organization,
        category="ngo",
        badge_name="Amina Registered",
        email=first.email,
    )

    client.force_login(first)
    detail = client.get(url("workshops:detail", workshop)).content.decode()
    agenda = client.get(url("workshops:agenda", workshop)).content.decode()
    assert "Amina Registered" in detail
    assert "Amina Registered" in agenda
    assert "You are registered (Confirmed)" in detail
    client.logout()

    client.force_login(second)
    for name in ("workshops:detail", "workshops:agenda"):
        response = client.get(url(name, workshop))
        body = response.content.decode()
        assert "Bruno Visitor" in body
        assert "Amina Registered" not in body
        assert "You are registered" not in body
        assert "private" in response["Cache-Control"]
        assert "no-store" in response["Cache-Control"]
        assert not response.has_header("ETag")
    assert (
        "Register for this workshop"
        in client.get(url("workshops:detail", workshop)).content.decode()
    )
    client.logout()

    # And an anonymous visitor after both: no name, no registration, a sign-in link.
    for name in ("workshops:detail", "workshops:agenda"):
        body = client.get(url(name, workshop)).content.decode()
        assert "Amina Registered" not in body
        assert "Bruno Visitor" not in body
        assert "You are registered" not in body
        assert "Sign in" in body


@pytest.mark.parametrize("name", ["workshops:agenda", "workshops:detail"])
def test_anonymous_page_is_public_with_an_etag_and_answers_304_when_unchanged(
    client, secretariat, name
):
    workshop = _published(secretariat)
    first = client.get(url(name, workshop))
    assert first.status_code == 200
    assert "public" in first["Cache-Control"]
    assert "max-age=60" in first["Cache-Control"]
    assert "Cookie" in first["Vary"]
    assert "csrftoken" not in first.cookies  # nothing personal in a shared copy
    etag = first["ETag"]

    again = client.get(url(name, workshop), headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag

    Workshop.objects.filter(pk=workshop.pk).update(title="A new title")
    changed = client.get(url(name, workshop), headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert "A new title" in changed.content.decode()
    assert changed["ETag"] != etag


@pytest.mark.parametrize("name", ["workshops:agenda", "workshops:detail"])
def test_a_browser_that_reads_gzip_gets_the_same_page_compressed_with_its_own_etag(
    client, secretariat, name
):
    workshop = _published(secretariat)
    page = url(name, workshop)
    plain = client.get(page)
    browser = {"Accept-Encoding": "gzip, deflate, br"}
    packed = client.get(page, headers=browser)
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content
    assert len(packed.content) < len(plain.content) / 2
    assert "Accept-Encoding" in packed["Vary"]
    assert "Accept-Encoding" in plain["Vary"]  # a shared cache keeps the two apart
    assert packed["ETag"] != plain["ETag"]

    assert client.get(page, headers={**browser, "If-None-Match": packed["ETag"]}).status_code == (
        304
    )
    # The plain copy's ETag does not stand for the compressed one, nor the other way round.
    assert client.get(page, headers={**browser, "If-None-Match": plain["ETag"]}).status_code == (
        200
    )
    refused = client.get(page, headers={"Accept-Encoding": "gzip;q=0, identity"})
    assert "Content-Encoding" not in refused
    assert refused.content == plain.content


def test_agenda_last_modified_is_the_release_date(client, secretariat):
    workshop = _published(secretariat)
    response = client.get(url("workshops:agenda", workshop))
    release = workshop.releases.get()
    assert response["Last-Modified"] == release.published_at.strftime("%a, %d %b %Y %H:%M:%S GMT")


def test_anonymous_language_switcher_is_links_to_the_same_page(client, secretariat):
    workshop = _published(secretariat)
    body = client.get(url("workshops:agenda", workshop)).content.decode()
    assert f'href="{url("workshops:agenda", workshop, "fr")}"' in body
    assert f'href="{url("workshops:agenda", workshop, "es")}"' in body
    assert "csrfmiddlewaretoken" not in body


def _many_sessions(workshop, count):
    Session.objects.bulk_create(
        Session(
            workshop=workshop,
            date=workshop.start_date,
            start_time=dt.time(9, 0),
            end_time=dt.time(10, 0),
            title=f"Numbered session {number}",
            kind="panel",
            order=number,
        )
        for number in range(1, count + 1)
    )


def test_signed_in_agenda_makes_the_same_queries_for_10_and_300_sessions(secretariat, delegate):
    visitor = Client()
    visitor.force_login(delegate)

    def queries_for(count):
        workshop = WorkshopFactory()
        _many_sessions(workshop, count)
        publish_agenda(workshop, actor=secretariat)
        visitor.get(url("workshops:agenda", workshop))  # the days are in the cache now
        with CaptureQueriesContext(connection) as context:
            response = visitor.get(url("workshops:agenda", workshop))
        assert f"Numbered session {count}" in response.content.decode()
        assert "Dana Delegate" in response.content.decode()
        return len(context.captured_queries)

    assert queries_for(10) == queries_for(300)


def test_note_page_from_the_cache_shows_an_edit_at_once(client):
    note = DiscussionNoteFactory(body="The first wording of the note.\n")
    page = note.get_absolute_url()
    assert "The first wording of the note." in client.get(page).content.decode()
    etag = client.get(page)["ETag"]
    assert client.get(page, headers={"If-None-Match": etag}).status_code == 304

    DiscussionNote.objects.filter(pk=note.pk).update(
        body="The second wording of the note.\n", updated_at=timezone.now()
    )
    body = client.get(page).content.decode()
    assert "The second wording of the note." in body
    assert "The first wording of the note." not in body


def test_note_page_queries_are_the_same_for_a_short_and_a_long_note(client):
    def queries_for(paragraphs):
        note = DiscussionNoteFactory(body="\n\n".join(["A paragraph."] * paragraphs))
        client.get(note.get_absolute_url())
        with CaptureQueriesContext(connection) as context:
            response = client.get(note.get_absolute_url())
        assert response.status_code == 200
        return len(context.captured_queries)

    # The note with its meeting, its language versions.
    assert queries_for(2) == queries_for(200) == 2

"""The personal calendar feed: a private URL (token shown once, only its hash stored) with
the sessions of the workshops a person registered for, from the published releases."""

import datetime as dt
import hashlib

import pytest
from django.urls import reverse
from icalendar import Calendar

from tests.factories import OrganizationFactory, SessionFactory, WorkshopFactory
from workshops.models import CalendarFeed, Registration, Session
from workshops.services.agenda import publish_agenda
from workshops.services.calendar_feed import reset_calendar_feed

pytestmark = pytest.mark.django_db


def register(workshop, person, status=Registration.Status.CONFIRMED):
    return Registration.objects.create(
        workshop=workshop,
        person=person,
        organization=OrganizationFactory(),
        category="ngo",
        badge_name=person.name,
        email=person.email,
        status=status,
    )


def feed_path(token):
    return reverse("workshops:calendar_feed", args=[token])


def summaries(client, token):
    response = client.get(feed_path(token))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return sorted(
        str(event["SUMMARY"]) for event in Calendar.from_ical(response.content).walk("VEVENT")
    )


def test_the_feed_has_the_sessions_of_my_workshops_and_follows_a_new_release(
    client, delegate, secretariat
):
    mine = WorkshopFactory(title="Human Rights")
    other = WorkshopFactory(title="Social Change")
    cancelled = WorkshopFactory(title="Cancelled one")
    SessionFactory(workshop=mine, title="Session I: National frameworks")
    SessionFactory(workshop=other, title="Not mine")
    SessionFactory(workshop=cancelled, title="Cancelled registration")
    for workshop in (mine, other, cancelled):
        publish_agenda(workshop, actor=secretariat, prerender_pdf=False)
    register(mine, delegate)
    register(cancelled, delegate, status=Registration.Status.CANCELLED)
    token = reset_calendar_feed(delegate, actor=delegate)

    assert summaries(client, token) == ["Session I: National frameworks"]

    SessionFactory(
        workshop=mine,
        title="Session II: Labour migration",
        start_time=dt.time(15),
        end_time=dt.time(17),
    )
    assert summaries(client, token) == ["Session I: National frameworks"]  # a draft
    publish_agenda(mine, actor=secretariat, prerender_pdf=False)
    assert summaries(client, token) == [
        "Session I: National frameworks",
        "Session II: Labour migration",
    ]


def test_only_the_hash_of_the_token_is_stored_and_a_reset_makes_the_old_url_404(client, delegate):
    first = reset_calendar_feed(delegate, actor=delegate)
    stored = CalendarFeed.objects.get(person=delegate)
    assert stored.token_hash == hashlib.sha256(first.encode()).hexdigest()
    assert first not in str(CalendarFeed.objects.values().get())
    assert client.get(feed_path(first)).status_code == 200

    second = reset_calendar_feed(delegate, actor=delegate)

    assert client.get(feed_path(first)).status_code == 404
    assert client.get(feed_path(second)).status_code == 200
    assert client.get(feed_path("not-a-token")).status_code == 404


def test_the_page_shows_the_webcal_url_once(client, delegate):
    client.force_login(delegate)
    url = reverse("workshops:my_calendar")
    assert "Make my feed address" in client.get(url).content.decode()
    page = client.post(url).content.decode()
    assert "webcal://testserver/en/workshops/calendar/" in page
    token = page.split("webcal://testserver/en/workshops/calendar/", 1)[1].split(".ics", 1)[0]
    assert client.get(feed_path(token)).status_code == 200
    again = client.get(url).content.decode()
    assert token not in again
    assert "You have a feed." in again


@pytest.mark.parametrize("sessions", [1, 12])
def test_the_feed_query_count(client, delegate, secretariat, django_assert_num_queries, sessions):
    workshop = WorkshopFactory()
    for number in range(sessions):
        Session.objects.create(
            workshop=workshop,
            date=workshop.start_date,
            start_time=dt.time(8 + number % 10),
            end_time=dt.time(9 + number % 10),
            title=f"Session {number}",
        )
    publish_agenda(workshop, actor=secretariat, prerender_pdf=False)
    register(workshop, delegate)
    token = reset_calendar_feed(delegate, actor=delegate)
    with django_assert_num_queries(3):
        assert len(summaries(client, token)) == sessions


@pytest.mark.parametrize("feeds", [1, 5])
def test_the_page_query_count(client, delegate, django_assert_num_queries, feeds):
    from tests.factories import UserFactory

    for _ in range(feeds):
        other = UserFactory()
        reset_calendar_feed(other, actor=other)
    client.force_login(delegate)
    with django_assert_num_queries(6):
        page = client.get(reverse("workshops:my_calendar")).content.decode()
    assert "Make my feed address" in page


def test_closing_the_account_ends_the_feed(client, delegate):
    from idm_portal.core.services.personal_data import close_account

    token = reset_calendar_feed(delegate, actor=delegate)
    close_account(delegate, actor=delegate, password="a-long-test-password-42")
    assert not CalendarFeed.objects.exists()
    assert client.get(feed_path(token)).status_code == 404

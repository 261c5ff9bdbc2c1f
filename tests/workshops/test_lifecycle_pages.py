"""The Secretariat's pages of a workshop's life: the workshops of a year, a new workshop,
its page (edit, publish, registration window in the venue's time zone), its status with the
confirmation that says who will be told, its capacity and quotas. And a stored time zone
that no longer exists breaks no page.

Over 400 lines on purpose: 22 tests of one page family, sharing its helpers and fixtures."""

import datetime as dt
import html
import re
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from idm_portal.core.models import OutgoingMail
from tests.factories import IdmYearFactory, SessionFactory, WorkshopFactory
from tests.workshops.lifecycle_fixtures import (
    CANCELLED_TEMPLATE,
    add_registrations,
    crowd,
    open_workshop,
)
from workshops.models import Registration, Workshop
from workshops.services.agenda import publish_agenda
from workshops.services.agenda_pdf import render_release_pdf

pytestmark = pytest.mark.django_db


def text_of(response):
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def url(name, workshop):
    return reverse(f"workshops:{name}", args=[workshop.idm_year.year, workshop.slug])


@pytest.fixture
def staff(client, secretariat):
    client.force_login(secretariat)
    return client


# --- The workshops of a year ---


@pytest.mark.parametrize("count", [2, 20])
def test_workshops_of_the_year_list_status_and_seats_in_fixed_queries(
    staff, django_assert_num_queries, count
):
    year = IdmYearFactory()
    workshops = [WorkshopFactory(idm_year=year, is_published=i % 2 == 0) for i in range(count)]
    Workshop.objects.filter(pk=workshops[0].pk).update(status="postponed", capacity=40)
    add_registrations(workshops[0], 3, Registration.Status.CONFIRMED)
    add_registrations(workshops[0], 2, Registration.Status.WAITLISTED)

    with django_assert_num_queries(7):
        response = staff.get(reverse("workshops:manage_list", args=[year.year]))

    body = response.content.decode().split("<tbody>", 1)[1]
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    assert len(rows) == count
    first = " ".join(re.sub(r"<[^>]+>", " ", rows[0]).split())
    assert first == f"{workshops[0].title} 25–26 March 2009 Geneva Postponed yes 3 / 40 2"
    assert "draft" in re.sub(r"<[^>]+>", " ", rows[1])


# --- A new workshop, its page ---


def test_a_new_workshop_is_created_as_a_draft_in_the_venue_time_zone(staff):
    year = IdmYearFactory()
    page = staff.get(reverse("workshops:manage_new", args=[year.year])).content.decode()
    assert '<option value="Asia/Bangkok">Asia/Bangkok</option>' in page

    response = staff.post(
        reverse("workshops:manage_new", args=[year.year]),
        {
            "ordinal": 2,
            "title_en": "Migration and Social Change",
            "slug": "social-change",
            "start_date": "2009-10-07",
            "end_date": "2009-10-08",
            "venue_en": "UN Conference Centre",
            "city_en": "Bangkok",
            "time_zone": "Asia/Bangkok",
            "description_en": "",
        },
    )

    workshop = Workshop.objects.get(slug="social-change")
    assert response.headers["Location"] == url("manage", workshop)
    assert (workshop.status, workshop.is_published, workshop.time_zone) == (
        "planned",
        False,
        "Asia/Bangkok",
    )
    page = text_of(staff.get(url("manage", workshop)))
    assert "Workshop created. It is a draft until you publish it." in page
    assert "Draft: only the Secretariat sees this workshop." in page


def test_a_time_zone_not_in_the_list_is_refused(staff):
    year = IdmYearFactory()
    response = staff.post(
        reverse("workshops:manage_new", args=[year.year]),
        {
            "ordinal": 1,
            "title_en": "On Mars",
            "slug": "mars",
            "start_date": "2009-10-07",
            "end_date": "2009-10-08",
            "city_en": "Olympus",
            "time_zone": "Mars/Olympus",
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice. Mars/Olympus is not one of the available choices." in text_of(
        response
    )
    assert not Workshop.objects.filter(slug="mars").exists()


def test_editing_a_workshop_saves_it(staff):
    workshop = open_workshop(title="Old title", is_published=False)
    response = staff.post(
        url("manage", workshop),
        {
            "ordinal": workshop.ordinal,
            "title_en": "Effective Respect for the Human Rights of Migrants",
            "slug": workshop.slug,
            "start_date": "2009-03-25",
            "end_date": "2009-03-26",
            "venue_en": "Palais des Nations",
            "city_en": "Geneva",
            "time_zone": "Europe/Zurich",
            "description_en": "",
        },
        follow=True,
    )
    assert "The workshop is saved." in text_of(response)
    workshop.refresh_from_db()
    assert workshop.title == "Effective Respect for the Human Rights of Migrants"


@pytest.mark.parametrize("count", [2, 40])
def test_the_workshop_page_runs_fixed_queries(staff, django_assert_num_queries, count):
    workshop = open_workshop(capacity=100)
    add_registrations(workshop, count, Registration.Status.CONFIRMED)
    with django_assert_num_queries(7):
        response = staff.get(url("manage", workshop))
    assert f"Seats taken {count} / 100" in text_of(response)


def test_publishing_and_back_to_draft(staff):
    workshop = open_workshop(is_published=False)
    staff.post(url("manage_publish", workshop), {"published": "1"})
    assert Workshop.objects.get(pk=workshop.pk).is_published
    response = staff.post(url("manage_publish", workshop), {"published": "0"}, follow=True)
    assert "The workshop is a draft again" in text_of(response)
    assert not Workshop.objects.get(pk=workshop.pk).is_published


def test_the_registration_window_is_entered_and_shown_in_the_venue_time_zone(staff):
    workshop = WorkshopFactory(time_zone="Asia/Bangkok", city="Bangkok")
    staff.post(
        url("manage_registration", workshop),
        {
            "action": "window",
            "registration_opens": "2030-01-10T09:00",
            "registration_closes": "2030-02-10T17:30",
        },
    )
    workshop.refresh_from_db()
    assert workshop.registration_opens == dt.datetime(2030, 1, 10, 2, 0, tzinfo=dt.UTC)
    assert workshop.registration_closes == dt.datetime(2030, 2, 10, 10, 30, tzinfo=dt.UTC)
    page = staff.get(url("manage", workshop)).content.decode()
    assert 'value="2030-01-10T09:00"' in page
    assert "Times in Asia/Bangkok." in page
    public = text_of(staff.get(workshop.get_absolute_url()))
    assert "Registration opens on 10 January 2030 at 09:00" in public
    assert "closes on 10 February 2030 at 17:30 (Bangkok time)" in public


def test_open_now_and_close_now(staff):
    workshop = WorkshopFactory()
    response = staff.post(url("manage_registration", workshop), {"action": "open"}, follow=True)
    assert "Registration is open." in text_of(response)
    workshop.refresh_from_db()
    assert workshop.registration_opens <= timezone.now()
    assert workshop.registration_closes is None
    response = staff.post(url("manage_registration", workshop), {"action": "close"}, follow=True)
    assert "Registration is closed." in text_of(response)
    workshop.refresh_from_db()
    assert workshop.registration_closes <= timezone.now()


# --- Status: a confirmation step that says who will be told ---


def test_cancelling_first_shows_who_will_be_told_and_changes_nothing(staff):
    workshop = open_workshop()
    people = crowd(workshop)

    response = staff.post(url("manage_status", workshop), {"status": "cancelled", "note": ""})

    page = text_of(response)
    assert "The workshop will be “Cancelled”." in page
    assert "30 registrants will be told, 30 invitees." in page
    assert f"{people.registrations[0].badge_name} <{people.registrations[0].email}>" in page
    assert people.declined[0].email not in page
    assert Workshop.objects.get(pk=workshop.pk).status == "confirmed"
    assert OutgoingMail.objects.filter(template=CANCELLED_TEMPLATE).count() == 0


def test_confirming_cancels_and_tells_them(staff):
    workshop = open_workshop()
    crowd(workshop)
    confirmation = staff.post(url("manage_status", workshop), {"status": "cancelled"})
    hidden = dict(
        re.findall(
            r'<input type="hidden" name="(\w+)" value="([^"]*)"', confirmation.content.decode()
        )
    )
    assert hidden["confirm"] == "True"

    response = staff.post(url("manage_status", workshop), hidden, follow=True)

    assert "The workshop is now “Cancelled”. 60 people are being told by e-mail." in text_of(
        response
    )
    assert Workshop.objects.get(pk=workshop.pk).status == "cancelled"
    assert OutgoingMail.objects.filter(template=CANCELLED_TEMPLATE).count() == 60


def test_postponing_asks_for_the_new_dates(staff):
    workshop = open_workshop()
    response = staff.post(url("manage_status", workshop), {"status": "postponed"})
    assert "A postponed workshop needs its new dates." in text_of(response)
    response = staff.post(
        url("manage_status", workshop),
        {"status": "postponed", "start_date": "2009-06-10", "end_date": "2009-06-11"},
    )
    assert "New dates: 10–11 June 2009." in text_of(response)


@pytest.mark.parametrize("count", [3, 80])
def test_the_confirmation_page_runs_fixed_queries(staff, django_assert_num_queries, count):
    workshop = open_workshop()
    add_registrations(workshop, count, Registration.Status.CONFIRMED)
    with django_assert_num_queries(9):
        response = staff.post(url("manage_status", workshop), {"status": "cancelled"})
    assert f"{count} registrants will be told" in text_of(response)


def test_a_status_that_tells_nobody_is_set_at_once(staff):
    workshop = open_workshop(status="subject_to_funding")
    response = staff.post(url("manage_status", workshop), {"status": "confirmed"}, follow=True)
    assert "The workshop is now “Confirmed”." in text_of(response)
    assert Workshop.objects.get(pk=workshop.pk).status == "confirmed"


def test_opening_the_status_page_changes_nothing(staff):
    workshop = open_workshop()
    crowd(workshop)
    before = list(Workshop.objects.values()), OutgoingMail.objects.count()
    staff.get(url("manage_status", workshop) + "?status=cancelled&confirm=True")
    assert (list(Workshop.objects.values()), OutgoingMail.objects.count()) == before


# --- Capacity and quotas ---


def test_lowering_the_capacity_below_the_seats_taken_shows_the_numbers(staff):
    workshop = open_workshop(capacity=20)
    add_registrations(workshop, 12, Registration.Status.CONFIRMED)
    response = staff.post(url("manage_capacity", workshop), {"capacity": "11"})
    assert "12 seats are taken; the capacity cannot be lower than 12." in text_of(response)
    assert Workshop.objects.get(pk=workshop.pk).capacity == 20


def test_raising_the_capacity_promotes_and_says_so(staff):
    workshop = open_workshop(capacity=10)
    add_registrations(workshop, 10, Registration.Status.CONFIRMED)
    waiting = add_registrations(workshop, 8, Registration.Status.WAITLISTED)
    response = staff.post(
        url("manage_capacity", workshop), {"capacity": "15", "quota_academia": "4"}, follow=True
    )
    page = text_of(response)
    assert "5 people came off the waiting list and are being told." in page
    assert "Academia at most 4" in page
    assert Registration.objects.get(pk=waiting[4].pk).status == "confirmed"
    assert Registration.objects.get(pk=waiting[5].pk).status == "waitlisted"


@pytest.mark.parametrize("count", [2, 40])
def test_the_capacity_page_runs_fixed_queries(staff, django_assert_num_queries, count):
    workshop = open_workshop(capacity=100)
    add_registrations(workshop, count, Registration.Status.WAITLISTED)
    with django_assert_num_queries(8):
        response = staff.get(url("manage_capacity", workshop))
    assert f"{count} people are wait-listed." in text_of(response)


def test_the_workshop_page_links_to_its_management(staff):
    workshop = open_workshop()
    page = staff.get(workshop.get_absolute_url()).content.decode()
    assert f'href="{url("manage", workshop)}"' in page
    listing = staff.get(reverse("workshops:list", args=[workshop.idm_year.year])).content.decode()
    assert reverse("workshops:manage_list", args=[workshop.idm_year.year]) in listing


# --- A stored time zone that no longer exists ---


@pytest.fixture
def on_mars(secretariat, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    workshop = open_workshop(slug="mars")
    SessionFactory(workshop=workshop, start_time=dt.time(9, 30), end_time=dt.time(10, 0))
    release = publish_agenda(workshop, actor=secretariat)
    Workshop.objects.filter(pk=workshop.pk).update(time_zone="Mars/Olympus")
    workshop.refresh_from_db()
    return workshop, release


def test_an_unknown_zone_falls_back_to_the_portal_zone(on_mars):
    workshop, _release = on_mars
    assert not workshop.zone_is_known
    assert workshop.zone == ZoneInfo("Europe/Zurich")
    assert workshop.zone_label == "Europe/Zurich"


def test_an_unknown_zone_breaks_no_page_and_says_so(client, staff, on_mars):
    workshop, release = on_mars
    public = client.get(workshop.get_absolute_url())
    assert public.status_code == 200
    assert "Times are shown in Europe/Zurich: the venue's time zone is not known." in text_of(
        public
    )
    assert client.get(url("agenda", workshop)).status_code == 200
    ics = client.get(url("agenda_ics", workshop))
    assert ics.status_code == 200
    (event,) = icalendar.Calendar.from_ical(ics.content).walk("VEVENT")
    assert event.decoded("DTSTART") == dt.datetime(
        2009, 3, 25, 9, 30, tzinfo=ZoneInfo("Europe/Zurich")
    )
    assert render_release_pdf(release, language="en").endswith(".pdf")
    for name in ("manage", "manage_status", "manage_capacity", "registrations", "invitations"):
        response = staff.get(url(name, workshop))
        assert response.status_code == 200, name
    manage = text_of(staff.get(url("manage", workshop)))
    assert (
        "The stored time zone “Mars/Olympus” is not known: times are shown in Europe/Zurich."
        in manage
    )


def test_the_workshop_is_edited_in_english_french_and_spanish_side_by_side(staff):
    workshop = open_workshop(title="Old title", is_published=False)
    page = text_of(staff.get(url("manage", workshop)))
    assert "French missing" in page
    assert "Spanish missing" in page

    staff.post(
        url("manage", workshop),
        {
            "ordinal": workshop.ordinal,
            "title_en": "Trafficking and Exploitation of Migrants",
            "title_fr": "Traite et exploitation des migrants",
            "title_es": "",
            "slug": workshop.slug,
            "start_date": "2009-07-09",
            "end_date": "2009-07-10",
            "city_en": "Geneva",
            "city_fr": "Genève",
            "city_es": "Ginebra",
            "time_zone": "Europe/Zurich",
        },
    )

    workshop.refresh_from_db()
    assert (workshop.title_en, workshop.title_fr, workshop.title_es) == (
        "Trafficking and Exploitation of Migrants",
        "Traite et exploitation des migrants",
        None,
    )
    assert (workshop.city_fr, workshop.city_es) == ("Genève", "Ginebra")
    page = text_of(staff.get(url("manage", workshop)))
    assert "Spanish missing" in page  # the title has no Spanish yet


def test_a_workshop_needs_its_english_title(staff):
    workshop = open_workshop(title="Old title", is_published=False)
    response = staff.post(
        url("manage", workshop),
        {
            "ordinal": workshop.ordinal,
            "title_en": "",
            "title_fr": "Traite et exploitation des migrants",
            "slug": workshop.slug,
            "start_date": "2009-07-09",
            "end_date": "2009-07-10",
            "city_en": "Geneva",
            "time_zone": "Europe/Zurich",
        },
    )
    assert response.status_code == 200
    workshop.refresh_from_db()
    assert (workshop.title_en, workshop.title_fr) == ("Old title", None)

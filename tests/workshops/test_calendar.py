"""The agenda as an iCalendar file: one event per published session, in the venue's time zone,
with UIDs that survive edits and releases."""

import datetime as dt

import pytest
from django.urls import reverse
from icalendar import Calendar

from tests.factories import SessionFactory, SessionSpeakerFactory, SpeakerFactory, WorkshopFactory
from workshops.services.agenda import add_session, publish_agenda, update_session

pytestmark = pytest.mark.django_db


def ics_url(workshop):
    return reverse("workshops:agenda_ics", args=[workshop.idm_year.year, workshop.slug])


def events_of(client, workshop):
    response = client.get(ics_url(workshop))
    assert response.status_code == 200
    return Calendar.from_ical(response.content).walk("VEVENT")


def test_calendar_has_one_event_per_published_session_with_location_and_speakers(
    client, secretariat
):
    workshop = WorkshopFactory(
        slug="effective-respect-human-rights", title="Effective Respect for Human Rights"
    )
    panel = SessionFactory(
        workshop=workshop,
        title="Session I: National frameworks",
        room="Room XVIII",
        description="Practical measures that protect migrants.",
        start_time=dt.time(11, 0),
        end_time=dt.time(13, 0),
    )
    SessionSpeakerFactory(
        session=panel,
        role="panellist",
        speaker=SpeakerFactory(name="Ana Panel", position="Deputy Minister", organization="PH"),
    )
    SessionSpeakerFactory(
        session=panel,
        role="moderator",
        speaker=SpeakerFactory(title="Mr", name="Mo Derator", position="", organization="IOM"),
    )
    SessionFactory(workshop=workshop, title="Lunch break", kind="lunch", room="")
    publish_agenda(workshop, actor=secretariat)

    response = client.get(ics_url(workshop))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="effective-respect-human-rights.ics"'
    )
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["X-WR-CALNAME"]) == "Effective Respect for Human Rights"
    events = {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}
    assert set(events) == {"Session I: National frameworks", "Lunch break"}
    event = events["Session I: National frameworks"]
    assert str(event["UID"]) == f"{panel.uid}@idm-portal"
    assert event.decoded("DTSTART") == dt.datetime(2009, 3, 25, 11, 0, tzinfo=event.start.tzinfo)
    assert str(event["LOCATION"]) == "Room XVIII, Palais des Nations, Geneva"
    assert str(event["DESCRIPTION"]).splitlines() == [
        "Panel",
        "Moderator: Mr Mo Derator (IOM)",
        "Panellist: Ms Ana Panel (Deputy Minister, PH)",
        "",
        "Practical measures that protect migrants.",
    ]
    agenda_path = reverse("workshops:agenda", args=[2009, workshop.slug])
    assert str(event["URL"]) == f"https://127.0.0.1:8000{agenda_path}#session-{panel.uid}"
    assert str(events["Lunch break"]["LOCATION"]) == "Palais des Nations, Geneva"


def test_calendar_times_are_local_to_the_venue_across_a_daylight_saving_change(client, secretariat):
    # Switzerland moved to summer time on Sunday 29 March 2009 at 02:00.
    workshop = WorkshopFactory(
        start_date=dt.date(2009, 3, 28), end_date=dt.date(2009, 3, 29), time_zone="Europe/Zurich"
    )
    SessionFactory(workshop=workshop, title="Saturday session", date=dt.date(2009, 3, 28))
    SessionFactory(workshop=workshop, title="Sunday session", date=dt.date(2009, 3, 29))
    publish_agenda(workshop, actor=secretariat)

    response = client.get(ics_url(workshop))
    raw = response.content.decode()
    assert "BEGIN:VTIMEZONE\r\nTZID:Europe/Zurich" in raw
    assert "DTSTART;TZID=Europe/Zurich:20090328T100000" in raw
    assert "DTSTART;TZID=Europe/Zurich:20090329T100000" in raw
    events = {str(event["SUMMARY"]): event for event in Calendar.from_ical(raw).walk("VEVENT")}
    saturday, sunday = events["Saturday session"], events["Sunday session"]
    assert saturday.start.isoformat() == "2009-03-28T10:00:00+01:00"
    assert saturday.end.isoformat() == "2009-03-28T11:00:00+01:00"
    assert sunday.start.isoformat() == "2009-03-29T10:00:00+02:00"
    assert saturday.start.astimezone(dt.UTC).hour == 9
    assert sunday.start.astimezone(dt.UTC).hour == 8


def test_calendar_uids_stay_the_same_after_an_edit_and_a_second_release(client, secretariat):
    workshop = WorkshopFactory()
    sessions = [SessionFactory(workshop=workshop, title=f"Panel {n}") for n in range(3)]
    publish_agenda(workshop, actor=secretariat)
    first = {str(event["SUMMARY"]): str(event["UID"]) for event in events_of(client, workshop)}

    update_session(
        sessions[0],
        actor=secretariat,
        title="Panel 0 (renamed)",
        start_time=dt.time(14, 0),
        end_time=dt.time(15, 30),
    )
    add_session(
        workshop,
        actor=secretariat,
        date=workshop.end_date,
        start_time=dt.time(9, 0),
        end_time=dt.time(10, 0),
        title="New panel",
        kind="panel",
        room="Room XX",
    )
    publish_agenda(workshop, actor=secretariat)
    second = {str(event["SUMMARY"]): str(event["UID"]) for event in events_of(client, workshop)}

    assert len(second) == 4
    assert second["Panel 0 (renamed)"] == first["Panel 0"] == f"{sessions[0].uid}@idm-portal"
    assert second["Panel 1"] == first["Panel 1"]
    assert second["Panel 2"] == first["Panel 2"]
    assert second["New panel"] not in first.values()
    renamed = next(e for e in events_of(client, workshop) if e["SUMMARY"] == "Panel 0 (renamed)")
    assert renamed.start.isoformat() == "2009-03-25T14:00:00+01:00"


def test_calendar_speaks_the_language_of_the_page(client, secretariat):
    workshop = WorkshopFactory()
    SessionFactory(workshop=workshop, kind="closing")
    publish_agenda(workshop, actor=secretariat)
    response = client.get(f"/fr/workshops/2009/{workshop.slug}/agenda.ics")
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert "/fr/workshops/2009/" in str(event["URL"])

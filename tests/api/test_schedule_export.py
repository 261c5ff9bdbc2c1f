"""The frab/pentabarf schedule export of a published agenda: the XML validates against the
frab schedule schema (docs/schemas/frab-schedule.xsd, with lxml), the JSON carries the same
events."""

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from lxml import etree

from tests.factories import SessionFactory, SessionSpeakerFactory, SpeakerFactory, WorkshopFactory
from workshops.frab import event_id
from workshops.services.agenda import publish_agenda

XSD = Path(settings.BASE_DIR) / "docs" / "schemas" / "frab-schedule.xsd"


@pytest.fixture
def workshop(secretariat):
    workshop = WorkshopFactory(title="Human Rights & Migration <2009>", slug="hr-2009")
    opening = SessionFactory(
        workshop=workshop,
        title="Opening remarks",
        kind="opening",
        start_time=dt.time(10),
        end_time=dt.time(10, 30),
        room="Room XVII",
    )
    SessionSpeakerFactory(
        session=opening, speaker=SpeakerFactory(name="Laura Thompson"), role="chair"
    )
    SessionFactory(
        workshop=workshop,
        title="Panel: migrants' rights",
        date=workshop.end_date,
        start_time=dt.time(14),
        end_time=dt.time(15, 45),
        room="Room XVIII",
    )
    publish_agenda(workshop, actor=secretariat, prerender_pdf=False)
    return workshop


def test_schedule_xml_validates_against_the_frab_schema(api, workshop):
    response = api().get(f"/api/v1/workshops/{workshop.pk}/schedule.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    document = etree.fromstring(response.content)
    schema.assertValid(document)
    assert document.findtext("conference/title") == "Human Rights & Migration <2009>"
    events = document.findall("day/room/event")
    assert [e.findtext("title") for e in events] == [
        "Opening remarks",
        "Panel: migrants' rights",
    ]
    assert [e.findtext("duration") for e in events] == ["00:30", "01:45"]
    assert events[0].findtext("date") == "2009-03-25T10:00:00+01:00"
    assert events[0].findtext("persons/person") == "Ms Laura Thompson"
    assert [d.get("date") for d in document.findall("day")] == ["2009-03-25", "2009-03-26"]


def test_the_schema_refuses_an_export_without_event_ids(api, workshop):
    """The schema is not a formality: an event without its id is refused."""
    document = etree.fromstring(api().get(f"/api/v1/workshops/{workshop.pk}/schedule.xml").content)
    del document.find("day/room/event").attrib["id"]
    assert not etree.XMLSchema(etree.parse(str(XSD))).validate(document)


def test_schedule_json_has_the_same_events_with_stable_ids(api, workshop, secretariat):
    data = api().get(f"/api/v1/workshops/{workshop.pk}/schedule.json").json()["schedule"]
    assert data["version"] == "release 1"
    conference = data["conference"]
    assert conference["time_zone_name"] == "Europe/Zurich"
    assert [room["name"] for room in conference["rooms"]] == ["Room XVII", "Room XVIII"]
    first_day = conference["days"][0]
    (opening,) = first_day["rooms"]["Room XVII"]
    assert opening["title"] == "Opening remarks"
    assert opening["persons"] == [
        {"id": opening["persons"][0]["id"], "public_name": "Ms Laura Thompson", "role": "Chair"}
    ]
    assert opening["id"] == event_id(opening["guid"])
    # A new release keeps each session's id.
    SessionFactory(workshop=workshop, title="Closing", start_time=dt.time(17), end_time=dt.time(18))
    publish_agenda(workshop, actor=secretariat, prerender_pdf=False)
    again = api().get(f"/api/v1/workshops/{workshop.pk}/schedule.json").json()["schedule"]
    assert again["version"] == "release 2"
    ids = {
        event["title"]: event["id"]
        for day in again["conference"]["days"]
        for events in day["rooms"].values()
        for event in events
    }
    assert ids["Opening remarks"] == opening["id"]


def test_no_schedule_before_the_agenda_is_published(api, db):
    workshop = WorkshopFactory()
    response = api().get(f"/api/v1/workshops/{workshop.pk}/schedule.xml")
    assert response.status_code == 404
    assert response.json()["detail"] == "The agenda has not been published yet."

"""Building and publishing an agenda, at the level of the services and the agenda domain."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from idm_portal.core.models import OutgoingMail
from tests.factories import WorkshopFactory
from workshops import agenda
from workshops.models import Session
from workshops.services import agenda as services

pytestmark = pytest.mark.django_db

DAY_1 = dt.date(2009, 3, 25)
DAY_2 = dt.date(2009, 3, 26)


@pytest.fixture
def workshop():
    return WorkshopFactory(start_date=DAY_1, end_date=DAY_2, title="Effective Respect")


def add(workshop, actor, title, start, end, date=DAY_1, room="Room XVII", **fields):
    return services.add_session(
        workshop,
        actor=actor,
        date=date,
        start_time=dt.time(*start),
        end_time=dt.time(*end),
        title=title,
        room=room,
        **fields,
    )


def speaker(actor, name, email="", language="en"):
    return services.create_speaker(actor=actor, name=name, email=email, language=language)


def warnings_of(workshop):
    return agenda.agenda_warnings(workshop, list(services.draft_sessions(workshop)))


def test_sessions_are_added_at_the_end_of_their_day(workshop, secretariat):
    first = add(workshop, secretariat, "Opening", (9, 30), (10, 0))
    second = add(workshop, secretariat, "Keynote", (10, 0), (10, 45))
    other_day = add(workshop, secretariat, "Session III", (10, 0), (12, 0), date=DAY_2)
    assert (first.order, second.order, other_day.order) == (1, 2, 1)


def test_a_session_that_ends_before_it_starts_is_refused_and_nothing_saved(workshop, secretariat):
    with pytest.raises(ValidationError) as refused:
        add(workshop, secretariat, "Backwards", (11, 0), (10, 0))
    assert refused.value.message_dict["end_time"] == [
        "A session cannot end before it starts (or when it starts)."
    ]
    assert not Session.objects.exists()


def test_only_the_secretariat_edits_an_agenda(workshop, delegate, focal_point):
    for person in (delegate, focal_point):
        with pytest.raises(PermissionDenied):
            add(workshop, person, "Opening", (9, 30), (10, 0))
    assert not Session.objects.exists()


def test_overlap_in_the_same_room_is_warned(workshop, secretariat):
    add(workshop, secretariat, "Session I", (11, 0), (13, 0))
    add(workshop, secretariat, "Side event", (12, 0), (12, 30), room="room xvii")
    add(workshop, secretariat, "Parallel", (12, 0), (12, 30), room="Room XX")
    [warning] = warnings_of(workshop)
    assert warning.kind == "overlap"
    assert warning.message == (
        "“Session I” and “Side event” overlap in Room XVII (25 March 2009, 12:00–12:30)."
    )


def test_a_speaker_booked_twice_at_the_same_time_is_warned(workshop, secretariat):
    first = add(workshop, secretariat, "Session I", (11, 0), (13, 0))
    second = add(workshop, secretariat, "Parallel", (12, 0), (13, 0), room="Room XX")
    amara = speaker(secretariat, "Amara Demoulin")
    services.assign_speaker(first, actor=secretariat, speaker=amara, role="moderator")
    services.assign_speaker(second, actor=secretariat, speaker=amara, role="panellist")
    [warning] = warnings_of(workshop)
    assert warning.kind == "double_booking"
    assert warning.message == (
        "Amara Demoulin is booked in “Session I” and “Parallel” at the same time."
    )


def test_a_session_outside_the_workshops_dates_is_warned(workshop, secretariat):
    add(workshop, secretariat, "Late", (9, 0), (10, 0), date=dt.date(2009, 3, 27))
    [warning] = warnings_of(workshop)
    assert warning.kind == "outside_dates"
    assert "outside the workshop's dates" in warning.message


def test_reorder_day_needs_every_session_of_the_day_once(workshop, secretariat):
    a = add(workshop, secretariat, "A", (9, 0), (10, 0))
    b = add(workshop, secretariat, "B", (10, 0), (11, 0))
    c = add(workshop, secretariat, "C", (11, 0), (12, 0))
    services.reorder_day(workshop, actor=secretariat, date=DAY_1, session_ids=[c.pk, a.pk, b.pk])
    assert [s.title for s in services.draft_sessions(workshop)] == ["C", "A", "B"]
    with pytest.raises(ValidationError):
        services.reorder_day(workshop, actor=secretariat, date=DAY_1, session_ids=[a.pk, b.pk])


def test_moving_a_session_to_another_day_puts_it_last_there(workshop, secretariat):
    add(workshop, secretariat, "Day two first", (9, 0), (10, 0), date=DAY_2)
    moved = add(workshop, secretariat, "Moved", (11, 0), (12, 0))
    moved = services.update_session(moved, actor=secretariat, date=DAY_2)
    assert (moved.date, moved.order) == (DAY_2, 2)


def test_publishing_numbers_releases_and_refuses_when_nothing_changed(workshop, secretariat):
    add(workshop, secretariat, "Opening", (9, 30), (10, 0))
    first = services.publish_agenda(workshop, actor=secretariat)
    assert first.number == 1
    assert [item["title"] for item in first.sessions] == ["Opening"]
    with pytest.raises(ValidationError, match=r"Nothing changed since release 1\."):
        services.publish_agenda(workshop, actor=secretariat)


def test_release_two_lists_what_changed_and_mails_each_speaker_concerned_once(
    workshop, secretariat
):
    panel = add(workshop, secretariat, "Session I", (11, 0), (13, 0))
    closing = add(workshop, secretariat, "Closing", (16, 0), (17, 0))
    untouched = add(workshop, secretariat, "Keynote", (10, 0), (10, 45))
    moved_panellist = speaker(secretariat, "Lucía Moved", "lucia@example.org", "es")
    dropped = speaker(secretariat, "Dan Dropped", "dan@example.org")
    calm = speaker(secretariat, "Carla Calm", "carla@example.org")
    services.assign_speaker(panel, actor=secretariat, speaker=moved_panellist, role="panellist")
    services.assign_speaker(closing, actor=secretariat, speaker=dropped, role="rapporteur")
    services.assign_speaker(untouched, actor=secretariat, speaker=calm, role="keynote")
    services.publish_agenda(workshop, actor=secretariat)
    assert not OutgoingMail.objects.exists()  # the first release changes nothing for anyone

    services.update_session(
        panel, actor=secretariat, start_time=dt.time(14, 0), end_time=dt.time(16, 0)
    )
    services.delete_session(closing, actor=secretariat)
    add(workshop, secretariat, "General discussion", (17, 0), (18, 0))
    release = services.publish_agenda(workshop, actor=secretariat)

    assert release.number == 2
    assert [entry["title"] for entry in release.changes["added"]] == ["General discussion"]
    assert [entry["title"] for entry in release.changes["cancelled"]] == ["Closing"]
    [moved] = release.changes["moved"]
    assert agenda.slot_text(moved["from"]) == "25 March 2009, 11:00–13:00, Room XVII"
    assert agenda.slot_text(moved["to"]) == "25 March 2009, 14:00–16:00, Room XVII"

    mails = {mail.to: mail for mail in OutgoingMail.objects.all()}
    assert sorted(mails) == ["dan@example.org", "lucia@example.org"]
    assert mails["lucia@example.org"].language == "es"
    dan = mails["dan@example.org"]
    assert dan.subject == "Agenda changed: Effective Respect (release 2)"
    assert "Cancelled: Closing — 25 March 2009, 16:00–17:00, Room XVII" in dan.body_text
    assert "Session I" not in dan.body_text
    assert "/en/workshops/2009/" in dan.body_text


def test_release_compare_lists_speaker_changes():
    before = [{"uid": "u1", "title": "Panel", "date": "2009-03-25", "start": "11:00",
               "end": "13:00", "room": "", "speakers": [{"id": 1, "name": "A"}]}]  # fmt: skip
    after = [{**before[0], "speakers": [{"id": 2, "name": "B"}]}]
    changes = agenda.compare(before, after)
    assert changes["speakers"] == [
        {"uid": "u1", "title": "Panel", "added": ["B"], "removed": ["A"]}
    ]
    assert agenda.speakers_concerned(before, after, changes) == {1: {"u1"}, 2: {"u1"}}

"""The Secretariat's agenda editor, through its page and its htmx endpoints: what the rows
become and what HTML comes back.

Over 400 lines on purpose: 33 tests of one page and its fragments, sharing its helpers."""

import datetime as dt
import html
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from idm_portal.core.models import OutgoingMail
from tests.factories import (
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    WorkshopFactory,
)
from workshops.models import AgendaRelease, Session, SessionSpeaker, Speaker
from workshops.services import agenda as services

pytestmark = pytest.mark.django_db

DAY_1 = dt.date(2009, 3, 25)
DAY_2 = dt.date(2009, 3, 26)
HTMX = {"HX-Request": "true"}
REFUSED = "A session cannot end before it starts (or when it starts)."


@pytest.fixture
def workshop():
    return WorkshopFactory(
        title="Effective Respect for the Human Rights of Migrants",
        slug="human-rights",
        start_date=DAY_1,
        end_date=DAY_2,
    )


@pytest.fixture
def editor_client(client, secretariat):
    client.force_login(secretariat)
    return client


def url(name, workshop, *args):
    return reverse(f"workshops:{name}", args=[workshop.idm_year.year, workshop.slug, *args])


def session(workshop, title, start, end, date=DAY_1, room="Room XVII", **fields):
    return SessionFactory(
        workshop=workshop,
        title=title,
        date=date,
        start_time=dt.time(*start),
        end_time=dt.time(*end),
        room=room,
        **fields,
    )


def text(response):
    """The response's HTML as a person reads it: tags dropped, entities decoded, spaces
    collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]*>", "", response.content.decode())).split())


def titles_in_order(page_html, date):
    day = page_html.split(f'id="day-{date.isoformat()}"', 1)[1].split("</section>", 1)[0]
    return [
        html.unescape(title)
        for title in re.findall(r'<h3 class="session-title[^"]*"[^>]*>([^<]+)</h3>', day)
    ]


def session_data(**fields):
    data = {
        "date": "2009-03-25",
        "start_time": "11:30",
        "end_time": "13:00",
        "title_en": "Panel II: Migrant workers' rights in practice",
        "kind": "panel",
        "room": "Room XVIII",
        "description_en": "Practical measures.",
    }
    # The English title and description by their short names.
    renamed = {"title": "title_en", "description": "description_en"}
    data.update({renamed.get(name, name): value for name, value in fields.items()})
    return data


# The page


def test_editor_shows_each_day_its_sessions_in_order_and_their_speakers(editor_client, workshop):
    opening = session(workshop, "Opening remarks", (9, 30), (10, 0), kind="opening", order=1)
    session(workshop, "Keynote address", (10, 0), (10, 45), kind="keynote", order=2)
    session(workshop, "Panel III", (10, 0), (12, 0), date=DAY_2, order=1)
    SessionSpeakerFactory(
        session=opening,
        speaker=SpeakerFactory(title="H.E. Ms", name="Amina Rahal", organization="IOM"),
        role=SessionSpeaker.Role.CHAIR,
    )

    response = editor_client.get(url("editor", workshop))

    assert response.status_code == 200
    page = text(response)
    assert "Wednesday 25 March 2009" in page
    assert "Thursday 26 March 2009" in page
    assert titles_in_order(response.content.decode(), DAY_1) == [
        "Opening remarks",
        "Keynote address",
    ]
    assert titles_in_order(response.content.decode(), DAY_2) == ["Panel III"]
    assert "09:30–10:00 Opening Room XVII" in page
    assert "Chair H.E. Ms Amina Rahal, Director, IOM" in page
    assert "Draft — not yet published" in page
    assert "Publish release 1" in page
    assert f'href="{workshop.get_absolute_url()}"' in response.content.decode()
    assert f'href="{url("agenda", workshop)}"' in response.content.decode()
    # htmx sends the CSRF token with every request.
    assert """hx-headers='{"X-CSRFToken": """ in response.content.decode()


def test_editor_speaks_the_language_of_the_page(editor_client, workshop):
    session(workshop, "Séance d'ouverture", (9, 30), (10, 0), kind="opening")
    with translation.override("fr"):
        response = editor_client.get(url("editor", workshop))
    assert response.status_code == 200
    page = text(response)
    assert "Mercredi 25 mars 2009" in page
    assert "Jeudi 26 mars 2009" in page
    assert "Modifier Séance d'ouverture" in page


def test_editor_of_an_unknown_workshop_is_not_found(editor_client, workshop):
    response = editor_client.get(
        reverse("workshops:editor", args=[workshop.idm_year.year, "no-such-workshop"])
    )
    assert response.status_code == 404


# Adding, editing, deleting sessions


def test_a_day_button_brings_the_form_for_that_day_starting_when_the_day_ends(
    editor_client, workshop
):
    session(workshop, "Opening", (9, 30), (10, 30))

    response = editor_client.get(f"{url('editor_session_new', workshop)}?date=2009-03-25", **{})

    body = response.content.decode()
    assert 'id="add-2009-03-25"' in body
    assert 'value="2009-03-25"' in body
    assert 'name="start_time" value="10:30"' in body
    assert 'name="end_time" value="11:30"' in body
    cancel = editor_client.get(f"{url('editor_session_new', workshop)}?date=2009-03-25&cancel=1")
    assert "Add a session" in text(cancel)
    assert "<form" not in cancel.content.decode()


def test_adding_a_session_saves_it_last_in_its_day_and_returns_the_board(editor_client, workshop):
    session(workshop, "Opening", (9, 30), (10, 0), order=1)

    response = editor_client.post(
        url("editor_session_new", workshop), {**session_data(), "slot": "2009-03-25"}, headers=HTMX
    )

    assert response.status_code == 200
    added = Session.objects.get(title="Panel II: Migrant workers' rights in practice")
    assert (added.date, added.start_time, added.end_time) == (DAY_1, dt.time(11, 30), dt.time(13))
    assert (added.kind, added.room, added.description) == (
        "panel",
        "Room XVIII",
        "Practical measures.",
    )
    assert added.order == 2
    assert response.headers["HX-Retarget"] == "#agenda-board"
    assert titles_in_order(response.content.decode(), DAY_1) == [
        "Opening",
        "Panel II: Migrant workers' rights in practice",
    ]
    body = response.content.decode()
    assert 'id="agenda-warnings" class="agenda-warnings mb-3" hx-swap-oob="true"' in body
    assert 'id="agenda-state"' in body
    assert "2 sessions in the draft." in text(response)


@pytest.mark.parametrize("end", ["10:00", "11:00"])
def test_a_session_that_ends_before_or_when_it_starts_is_refused(editor_client, workshop, end):
    response = editor_client.post(
        url("editor_session_new", workshop),
        {**session_data(start_time="11:00", end_time=end), "slot": "2009-03-25"},
        headers=HTMX,
    )

    assert response.status_code == 200
    assert REFUSED in text(response)
    assert "HX-Retarget" not in response.headers
    # The form comes back as it was filled in.
    assert 'value="Panel II: Migrant workers&#x27; rights in practice"' in response.content.decode()
    assert "<form" in response.content.decode()
    assert not Session.objects.exists()


def test_a_session_without_a_title_is_refused(editor_client, workshop):
    response = editor_client.post(
        url("editor_session_new", workshop), {**session_data(title=""), "slot": "2009-03-25"}
    )
    assert "This field is required." in text(response)
    assert not Session.objects.exists()


def test_editing_swaps_the_card_for_its_form_and_back(editor_client, workshop):
    panel = session(workshop, "Panel I", (10, 0), (11, 0))

    form = editor_client.get(url("editor_session_edit", workshop, panel.pk), headers=HTMX)
    assert f'id="session-{panel.pk}"' in form.content.decode()
    assert 'value="Panel I"' in form.content.decode()
    assert 'name="start_time" value="10:00"' in form.content.decode()

    cancel = editor_client.get(f"{url('editor_session_edit', workshop, panel.pk)}?cancel=1")
    assert '<h3 class="session-title h6 mb-1 mt-1">Panel I</h3>' in cancel.content.decode()

    saved = editor_client.post(
        url("editor_session_edit", workshop, panel.pk),
        session_data(title="Panel I: Shared responsibility", start_time="10:15", end_time="11:45"),
        headers=HTMX,
    )
    panel.refresh_from_db()
    assert panel.title == "Panel I: Shared responsibility"
    assert (panel.start_time, panel.end_time) == (dt.time(10, 15), dt.time(11, 45))
    assert (panel.room, panel.date) == ("Room XVIII", DAY_1)
    body = saved.content.decode()
    assert body.startswith('<li class="session-card card kind-panel')
    assert "10:15–11:45" in text(saved)
    assert "Panel I: Shared responsibility" in text(saved)
    assert 'id="agenda-warnings" class="agenda-warnings mb-3" hx-swap-oob="true"' in body
    assert "HX-Retarget" not in saved.headers


def test_an_edit_that_ends_before_it_starts_is_refused_and_changes_nothing(editor_client, workshop):
    panel = session(workshop, "Panel I", (10, 0), (11, 0))

    response = editor_client.post(
        url("editor_session_edit", workshop, panel.pk),
        session_data(title="Changed", start_time="12:00", end_time="11:00"),
        headers=HTMX,
    )

    assert REFUSED in text(response)
    assert 'value="Changed"' in response.content.decode()
    panel.refresh_from_db()
    assert (panel.title, panel.start_time, panel.end_time) == (
        "Panel I",
        dt.time(10),
        dt.time(11),
    )


def test_moving_a_session_to_another_day_returns_the_board(editor_client, workshop):
    session(workshop, "Panel III", (10, 0), (11, 0), date=DAY_2, order=1)
    panel = session(workshop, "Panel I", (10, 0), (11, 0), order=1)

    response = editor_client.post(
        url("editor_session_edit", workshop, panel.pk),
        session_data(title="Panel I", date="2009-03-26", start_time="11:00", end_time="12:00"),
        headers=HTMX,
    )

    panel.refresh_from_db()
    assert (panel.date, panel.order) == (DAY_2, 2)
    assert response.headers["HX-Retarget"] == "#agenda-board"
    assert titles_in_order(response.content.decode(), DAY_1) == []
    assert titles_in_order(response.content.decode(), DAY_2) == ["Panel III", "Panel I"]


def test_deleting_a_session_removes_the_row_and_the_card(editor_client, workshop):
    panel = session(workshop, "Panel I", (10, 0), (11, 0))
    SessionSpeakerFactory(session=panel)

    response = editor_client.post(url("editor_session_delete", workshop, panel.pk), headers=HTMX)

    assert response.status_code == 200
    assert not Session.objects.exists()
    body = response.content.decode()
    assert "Panel I" not in body
    # Only the out-of-band fragments: htmx swaps the card for nothing.
    assert body.lstrip().startswith('<section id="agenda-state"')
    assert "0 sessions in the draft." in text(response)


def test_a_session_of_another_workshop_cannot_be_reached_from_this_editor(editor_client, workshop):
    other = session(WorkshopFactory(), "Elsewhere", (10, 0), (11, 0))

    assert editor_client.get(url("editor_session_edit", workshop, other.pk)).status_code == 404
    response = editor_client.post(url("editor_session_delete", workshop, other.pk))
    assert response.status_code == 404
    assert Session.objects.filter(pk=other.pk).exists()


# Warnings


def test_sessions_overlapping_in_the_same_room_are_warned(editor_client, workshop):
    session(workshop, "Panel I", (10, 0), (11, 30), order=1)
    second = session(workshop, "Panel II", (11, 0), (12, 0), order=2)
    session(workshop, "Side event", (11, 0), (12, 0), room="Room XXI", order=3)

    page = text(editor_client.get(url("editor", workshop)))

    assert "“Panel I” and “Panel II” overlap in Room XVII (25 March 2009, 11:00–12:00)." in page
    assert "Side event” overlap" not in page
    assert "1 warning" in page
    # The cards concerned are marked.
    assert (
        f'has-warning" id="session-{second.pk}"'
        in editor_client.get(url("editor", workshop)).content.decode()
    )


def test_a_speaker_booked_twice_at_the_same_time_is_warned(editor_client, workshop):
    first = session(workshop, "Panel I", (10, 0), (11, 30), order=1)
    second = session(workshop, "Side event", (11, 0), (12, 0), room="Room XXI", order=2)
    person = SpeakerFactory(title="Dr", name="Jorge Bustamante")
    SessionSpeakerFactory(session=first, speaker=person, role=SessionSpeaker.Role.MODERATOR)
    SessionSpeakerFactory(session=second, speaker=person)

    page = text(editor_client.get(url("editor", workshop)))

    assert "Dr Jorge Bustamante is booked in “Panel I” and “Side event” at the same time." in page


def test_a_session_outside_the_workshops_dates_is_warned_and_gets_its_day(editor_client, workshop):
    session(workshop, "Field visit", (9, 0), (17, 0), date=dt.date(2009, 3, 27))

    response = editor_client.get(url("editor", workshop))

    page = text(response)
    assert "“Field visit” is on 27 March 2009, outside the workshop's dates." in page
    assert "Friday 27 March 2009 outside the workshop's dates" in page
    assert titles_in_order(response.content.decode(), dt.date(2009, 3, 27)) == ["Field visit"]


def test_warnings_do_not_stop_saving_and_come_back_with_the_change(editor_client, workshop):
    session(workshop, "Panel I", (10, 0), (12, 0), room="Room XVIII")

    response = editor_client.post(
        url("editor_session_new", workshop), {**session_data(), "slot": "2009-03-25"}, headers=HTMX
    )

    assert Session.objects.count() == 2
    oob = response.content.decode().split('id="agenda-warnings"', 1)[1]
    assert "hx-swap-oob" in oob.split(">", 1)[0]
    assert (
        "“Panel I” and “Panel II: Migrant workers' rights in practice” overlap in Room XVIII"
        in html.unescape(oob)
    )


# Reordering


def test_reordering_a_day_saves_the_new_order_and_returns_the_day(editor_client, workshop):
    first = session(workshop, "Opening", (9, 30), (10, 0), order=1)
    second = session(workshop, "Keynote", (10, 0), (10, 45), order=2)
    third = session(workshop, "Panel I", (11, 0), (12, 30), order=3)
    session(workshop, "Panel III", (10, 0), (12, 0), date=DAY_2, order=1)

    response = editor_client.post(
        url("editor_reorder", workshop),
        {"date": "2009-03-25", "session": [third.pk, first.pk, second.pk]},
        headers=HTMX,
    )

    assert response.status_code == 200
    assert list(
        Session.objects.filter(date=DAY_1).order_by("order").values_list("title", flat=True)
    ) == ["Panel I", "Opening", "Keynote"]
    body = response.content.decode()
    assert body.startswith('<section class="agenda-day card" id="day-2009-03-25"')
    assert titles_in_order(body, DAY_1) == ["Panel I", "Opening", "Keynote"]
    assert 'id="agenda-state"' in body


@pytest.mark.parametrize(
    "ids", ["partial", "another day", "twice", "not a number"], ids=lambda value: value
)
def test_reordering_refuses_a_list_that_is_not_the_days(editor_client, workshop, ids):
    first = session(workshop, "Opening", (9, 30), (10, 0), order=1)
    second = session(workshop, "Keynote", (10, 0), (10, 45), order=2)
    third = session(workshop, "Panel I", (11, 0), (12, 30), order=3)
    elsewhere = session(workshop, "Panel III", (10, 0), (12, 0), date=DAY_2, order=1)
    listed = {
        "partial": [third.pk, first.pk],
        "another day": [third.pk, first.pk, second.pk, elsewhere.pk],
        "twice": [third.pk, first.pk, second.pk, first.pk],
        "not a number": [third.pk, "first", second.pk],
    }[ids]

    response = editor_client.post(
        url("editor_reorder", workshop), {"date": "2009-03-25", "session": listed}, headers=HTMX
    )

    assert response.status_code == 400
    message = response.content.decode()
    if ids == "not a number":
        assert message == "The order lists something that is not a session."
    else:
        assert message == "The order must list every session of that day once."
    assert list(
        Session.objects.filter(date=DAY_1).order_by("order").values_list("title", flat=True)
    ) == ["Opening", "Keynote", "Panel I"]


def test_reordering_without_a_day_is_refused(editor_client, workshop):
    response = editor_client.post(url("editor_reorder", workshop), {"session": [1]})
    assert response.status_code == 400
    assert response.content.decode() == "This field is required."


# Speakers


def test_the_speaker_search_finds_by_name_or_organization_and_leaves_out_those_present(
    editor_client, workshop
):
    panel = session(workshop, "Panel I", (10, 0), (11, 0))
    present = SpeakerFactory(name="Maria Lopez", organization="ILO")
    SpeakerFactory(name="Mario Rossi", organization="Government of Italy")
    SpeakerFactory(name="Kofi Mensah", organization="Mario Foundation")
    SpeakerFactory(name="Nobody Else", organization="UNHCR")
    SessionSpeakerFactory(session=panel, speaker=present)

    response = editor_client.get(
        url("editor_speaker_search", workshop), {"q": "mari", "session": panel.pk}, headers=HTMX
    )

    names = re.findall(r"<strong>([^<]+)</strong>", response.content.decode())
    assert names == ["Ms Kofi Mensah", "Ms Mario Rossi"]
    nothing = editor_client.get(
        url("editor_speaker_search", workshop), {"q": "zzz", "session": panel.pk}
    )
    assert "No speaker matches “zzz”." in text(nothing)


def test_a_speaker_from_the_search_gets_a_role_in_the_session(editor_client, workshop):
    panel = session(workshop, "Panel I", (10, 0), (11, 0))
    person = SpeakerFactory(title="Mr", name="Mario Rossi", organization="Government of Italy")

    tools = editor_client.get(url("editor_session_speakers", workshop, panel.pk), headers=HTMX)
    assert 'name="q"' in tools.content.decode()
    response = editor_client.post(
        url("editor_session_speakers", workshop, panel.pk),
        {"speaker": person.pk, "role": "moderator"},
        headers=HTMX,
    )

    part = SessionSpeaker.objects.get()
    assert (part.session, part.speaker, part.role) == (panel, person, "moderator")
    page = text(response)
    assert "Moderator Mr Mario Rossi, Director, Government of Italy" in page
    assert "Mr Mario Rossi: Moderator." in page
    assert 'id="agenda-warnings"' in response.content.decode()


def test_assigning_without_a_speaker_says_so(editor_client, workshop):
    panel = session(workshop, "Panel I", (10, 0), (11, 0))
    response = editor_client.post(
        url("editor_session_speakers", workshop, panel.pk), {"role": "moderator"}
    )
    assert "Pick a speaker from the list and a role." in text(response)
    assert not SessionSpeaker.objects.exists()


def test_a_speaker_created_on_the_spot_is_added_to_the_session(editor_client, workshop):
    panel = session(workshop, "Panel I", (10, 0), (11, 0))

    response = editor_client.post(
        url("editor_speaker_new", workshop),
        {
            "session": panel.pk,
            "title": "Ms",
            "name": "Grace Mwangi",
            "position": "Director of Immigration",
            "organization": "Government of Kenya",
            "email": "grace.mwangi@example.org",
            "role": "panellist",
        },
        headers=HTMX,
    )

    created = Speaker.objects.get()
    assert (created.display_name, created.position, created.organization, created.email) == (
        "Ms Grace Mwangi",
        "Director of Immigration",
        "Government of Kenya",
        "grace.mwangi@example.org",
    )
    assert SessionSpeaker.objects.get().role == "panellist"
    assert "Panellist Ms Grace Mwangi, Director of Immigration, Government of Kenya" in text(
        response
    )


def test_a_new_speaker_without_a_name_is_refused(editor_client, workshop):
    panel = session(workshop, "Panel I", (10, 0), (11, 0))

    response = editor_client.post(
        url("editor_speaker_new", workshop),
        {"session": panel.pk, "organization": "IOM", "role": "panellist"},
        headers=HTMX,
    )

    assert "This field is required." in text(response)
    assert 'value="IOM"' in response.content.decode()
    assert not Speaker.objects.exists()


def test_removing_a_speaker_takes_them_off_the_session_only(editor_client, workshop):
    panel = session(workshop, "Panel I", (10, 0), (11, 0))
    part = SessionSpeakerFactory(session=panel, speaker=SpeakerFactory(name="Mario Rossi"))

    response = editor_client.post(url("editor_speaker_remove", workshop, part.pk), headers=HTMX)

    assert not SessionSpeaker.objects.exists()
    assert Speaker.objects.filter(name="Mario Rossi").exists()
    assert "Mario Rossi" not in text(response)
    assert f'id="speakers-{panel.pk}"' in response.content.decode()


# Publishing


def test_publishing_makes_release_1_then_refuses_when_nothing_changed(editor_client, workshop):
    session(workshop, "Opening", (9, 30), (10, 0))

    first = editor_client.post(url("editor_publish", workshop), follow=True)

    release = AgendaRelease.objects.get()
    assert release.number == 1
    assert [item["title"] for item in release.sessions] == ["Opening"]
    page = text(first)
    assert "Release 1 of the agenda is published." in page
    assert "Release 1 published on" in page
    assert "matches the published release" in page
    assert "Publish release 2" in page

    again = editor_client.post(url("editor_publish", workshop), follow=True)

    assert "Nothing changed since release 1." in text(again)
    assert AgendaRelease.objects.count() == 1


def test_the_state_says_when_the_draft_has_unpublished_changes(
    editor_client, workshop, secretariat
):
    opening = session(workshop, "Opening", (9, 30), (10, 0))
    services.publish_agenda(workshop, actor=secretariat)

    response = editor_client.post(
        url("editor_session_edit", workshop, opening.pk),
        session_data(title="Opening", start_time="09:00", end_time="09:30"),
        headers=HTMX,
    )

    state = text(response).split("Release 1 published on", 1)[1]
    assert (
        state.split("Publish", 1)[0]
        .strip()
        .endswith(
            "· the draft has unpublished changes 1 session in the draft. Speakers whose sessions "
            "change get an e-mail when you publish."
        )
    )


def test_release_2_mails_each_speaker_concerned_once_with_what_changed_for_them(
    editor_client, workshop, secretariat
):
    def person(name):
        return SpeakerFactory(title="Ms", name=name, email=f"{name.split()[0].lower()}@example.org")

    alice, bob, carla, dan, eve = map(
        person, ["Alice Moreau", "Bob Tan", "Carla Diaz", "Dan Okafor", "Eve Laine"]
    )
    silent = SpeakerFactory(name="No Address", email="")
    panel_1 = session(workshop, "Panel I", (10, 0), (11, 0), order=1)
    panel_2 = session(workshop, "Panel II", (11, 30), (12, 30), order=2)
    panel_3 = session(workshop, "Panel III", (10, 0), (12, 0), date=DAY_2, order=1)
    SessionSpeakerFactory(session=panel_1, speaker=alice, role="moderator")
    SessionSpeakerFactory(session=panel_1, speaker=bob)
    SessionSpeakerFactory(session=panel_1, speaker=silent)
    SessionSpeakerFactory(session=panel_2, speaker=carla)
    SessionSpeakerFactory(session=panel_3, speaker=bob)
    dan_part = SessionSpeakerFactory(session=panel_3, speaker=dan)
    editor_client.post(url("editor_publish", workshop))
    assert not OutgoingMail.objects.exists()

    # Panel I moves; in Panel III, Dan gives way to Eve; Panel II does not change.
    editor_client.post(
        url("editor_session_edit", workshop, panel_1.pk),
        session_data(title="Panel I", start_time="14:00", end_time="15:00", room="Room XVII"),
        headers=HTMX,
    )
    editor_client.post(url("editor_speaker_remove", workshop, dan_part.pk), headers=HTMX)
    editor_client.post(
        url("editor_session_speakers", workshop, panel_3.pk),
        {"speaker": eve.pk, "role": "panellist"},
        headers=HTMX,
    )
    response = editor_client.post(url("editor_publish", workshop), follow=True)

    assert "Release 2 of the agenda is published." in text(response)
    mails = {mail.to: mail for mail in OutgoingMail.objects.all()}
    assert sorted(mails) == [
        "alice@example.org",
        "bob@example.org",
        "dan@example.org",
        "eve@example.org",
    ]
    subject = f"Agenda changed: {workshop.title} (release 2)"
    assert {mail.subject for mail in mails.values()} == {subject}
    moved = "Moved: Panel I — 25 March 2009, 10:00–11:00, Room XVII → 25 March 2009, 14:00–15:00"
    speakers = "Speakers changed in Panel III — added: Ms Eve Laine — removed: Ms Dan Okafor"
    assert moved in mails["alice@example.org"].body_text
    assert "Panel III" not in mails["alice@example.org"].body_text
    assert moved in mails["bob@example.org"].body_text
    assert speakers in mails["bob@example.org"].body_text
    assert "Panel II " not in mails["bob@example.org"].body_text
    for address in ("dan@example.org", "eve@example.org"):
        assert speakers in mails[address].body_text
        assert "Panel I " not in mails[address].body_text
    assert mails["alice@example.org"].body_text.startswith("Dear Ms Alice Moreau,")


# CSRF and queries


def test_every_post_needs_the_csrf_token_which_htmx_sends_in_a_header(workshop, secretariat):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(secretariat)
    page = strict.get(url("editor", workshop)).content.decode()
    token = re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)
    data = {**session_data(), "slot": "2009-03-25"}

    refused = strict.post(url("editor_session_new", workshop), data, headers=HTMX)
    assert refused.status_code == 403
    assert not Session.objects.exists()

    accepted = strict.post(
        url("editor_session_new", workshop), data, headers={**HTMX, "X-CSRFToken": token}
    )
    assert accepted.status_code == 200
    assert Session.objects.count() == 1


def build_agenda(workshop, count):
    """``count`` sessions over the workshop's two days, each with two speakers; no two
    overlap, so the page lists no warnings."""
    speakers = SpeakerFactory.create_batch(20)
    per_day = (count + 1) // 2
    sessions = []
    for index in range(count):
        day, position = divmod(index, per_day)
        start = dt.datetime(2009, 3, 25, 7) + dt.timedelta(minutes=2 * position)
        sessions.append(
            Session(
                workshop=workshop,
                date=DAY_1 + dt.timedelta(days=day),
                start_time=start.time(),
                end_time=(start + dt.timedelta(minutes=2)).time(),
                title=f"Session {index + 1}",
                room=f"Room {index % 7}",
                order=position + 1,
            )
        )
    Session.objects.bulk_create(sessions)
    SessionSpeaker.objects.bulk_create(
        SessionSpeaker(session=item, speaker=speakers[(index + offset) % 20], order=offset)
        for index, item in enumerate(sessions)
        for offset in (0, 1)
    )


@pytest.mark.parametrize("count", [10, 500])
def test_the_editor_makes_the_same_number_of_queries_for_10_and_500_sessions(
    editor_client, workshop, secretariat, count
):
    build_agenda(workshop, count)
    services.publish_agenda(workshop, actor=secretariat)
    editor_client.get(url("editor", workshop))  # warm caches (content types, sites)

    with CaptureQueriesContext(connection) as queries:
        response = editor_client.get(url("editor", workshop))

    assert response.status_code == 200
    assert titles_in_order(response.content.decode(), DAY_1)[-1] == f"Session {(count + 1) // 2}"
    assert len(queries) == 11, "\n".join(query["sql"] for query in queries.captured_queries)


def test_a_session_is_entered_in_english_french_and_spanish(editor_client, workshop):
    response = editor_client.post(
        url("editor_session_new", workshop),
        {
            **session_data(title_fr="Table ronde II", title_es="Mesa redonda II"),
            "slot": "2009-03-25",
        },
        headers=HTMX,
    )

    assert response.status_code == 200
    added = Session.objects.get(title_en="Panel II: Migrant workers' rights in practice")
    assert (added.title_fr, added.title_es) == ("Table ronde II", "Mesa redonda II")
    assert added.description_en == "Practical measures."
    assert not added.description_fr
    form = editor_client.get(url("editor_session_edit", workshop, added.pk), headers=HTMX)
    page = form.content.decode()
    assert 'value="Table ronde II"' in page
    assert "French missing" in text(form)  # the description has no French yet


def test_a_session_needs_its_english_title(editor_client, workshop):
    response = editor_client.post(
        url("editor_session_new", workshop),
        {**session_data(title="", title_fr="Table ronde II"), "slot": "2009-03-25"},
        headers=HTMX,
    )

    assert "This field is required." in text(response)
    assert not Session.objects.filter(title_fr="Table ronde II").exists()


def test_a_speaker_made_on_a_french_page_has_an_english_position_only(secretariat):
    from django.utils import translation

    from workshops.services.agenda import create_speaker

    with translation.override("fr"):
        speaker = create_speaker(
            actor=secretariat, name="Ana Ruiz", position="Researcher", organization="IOM"
        )

    speaker.refresh_from_db()
    assert (speaker.position_en, speaker.position_fr, speaker.organization_en) == (
        "Researcher",
        None,
        "IOM",
    )

"""The public agenda: the latest release by day, what changed since the previous one, the
speaker pages, the workshop page, the sitemap. Never the draft.

Over 400 lines on purpose: 18 tests of the public agenda, sharing its releases and fixtures."""

import datetime as dt
import html
import re
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import (
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    WorkshopFactory,
)
from workshops.models import AgendaRelease, Document, Session, SessionSpeaker
from workshops.services.agenda import (
    add_session,
    assign_speaker,
    delete_session,
    publish_agenda,
    update_session,
)

pytestmark = pytest.mark.django_db

ZURICH = ZoneInfo("Europe/Zurich")
UTC = dt.UTC


def text_of(response):
    """What a reader sees: the page without tags, whitespace collapsed."""
    body = response.content.decode()
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())
    return re.sub(r" ([,.;)])", r"\1", text)  # "Name</a>, Org" reads "Name, Org"


def url(name, workshop):
    return reverse(name, args=[workshop.idm_year.year, workshop.slug])


def published_on(release, when):
    AgendaRelease.objects.filter(pk=release.pk).update(published_at=when)


def test_agenda_page_shows_the_release_by_day_with_moderators_before_panellists(
    client, secretariat
):
    workshop = WorkshopFactory(title="Effective Respect for the Human Rights of Migrants")
    SessionFactory(
        workshop=workshop,
        start_time=dt.time(9, 30),
        end_time=dt.time(10, 0),
        kind="opening",
        title="Opening and welcome remarks",
        description="Welcome by the Deputy Director General.",
        order=1,
    )
    panel = SessionFactory(
        workshop=workshop,
        start_time=dt.time(11, 0),
        end_time=dt.time(13, 0),
        title="Session I: National legislative and institutional frameworks",
        room="Room XVIII",
        order=2,
    )
    panellist = SpeakerFactory(
        name="Ana Panel", position="Deputy Minister of Labour", organization="Philippines"
    )
    moderator = SpeakerFactory(title="Mr", name="Mo Derator", organization="IOM")
    SessionSpeakerFactory(session=panel, speaker=panellist, role="panellist", order=1)
    SessionSpeakerFactory(session=panel, speaker=moderator, role="moderator", order=2)
    SessionFactory(
        workshop=workshop,
        date=dt.date(2009, 3, 26),
        kind="closing",
        title="Closing remarks",
        start_time=dt.time(16, 30),
        end_time=dt.time(17, 0),
    )
    release = publish_agenda(workshop, actor=secretariat)
    published_on(release, dt.datetime(2009, 3, 20, 10, 0, tzinfo=ZURICH))

    response = client.get(url("workshops:agenda", workshop))
    page = text_of(response)

    assert "Effective Respect for the Human Rights of Migrants" in page
    assert "Release 1, published 20 March 2009" in page
    assert "What changed since" not in page
    order = [
        "Wednesday 25 March 2009",
        "09:30–10:00 Opening and welcome remarks Opening · Room XVII",
        "Welcome by the Deputy Director General.",
        "11:00–13:00 Session I: National legislative and institutional frameworks Panel · "
        "Room XVIII",
        "Moderator Mr Mo Derator, Director, IOM",
        "Panellist Ms Ana Panel, Deputy Minister of Labour, Philippines",
        "Thursday 26 March 2009",
        "16:30–17:00 Closing remarks Closing",
    ]
    assert [text for text in order if text not in page] == []
    positions = [page.index(text) for text in order]
    assert positions == sorted(positions)
    body = response.content.decode()
    assert f'href="/en/workshops/speakers/{moderator.pk}/"' in body
    assert 'href="/en/workshops/2009/' + workshop.slug + '/agenda.ics"' in body
    assert 'href="/en/workshops/2009/' + workshop.slug + '/agenda.pdf"' in body
    assert "Add to your calendar (.ics)" in page
    assert "css/agenda-print" in body


def test_print_style_sheet_fits_a4_and_keeps_sessions_whole(client, secretariat):
    workshop = WorkshopFactory()
    SessionFactory(workshop=workshop)
    publish_agenda(workshop, actor=secretariat)
    body = client.get(url("workshops:agenda", workshop)).content.decode()
    href = re.search(r'href="([^"]*agenda-print[^"]*\.css)"', body).group(1)
    sheet = b"".join(client.get(href).streaming_content).decode()
    assert "@media print" in sheet
    assert "size: A4" in sheet
    assert "break-inside: avoid" in sheet
    assert "footer" in sheet
    home = client.get(reverse("home")).content.decode()
    assert "agenda-print" not in home  # only the agenda pages load it


def test_a_workshop_without_release_says_its_agenda_is_not_published(client):
    workshop = WorkshopFactory()
    SessionFactory(workshop=workshop, title="A draft session")
    page = text_of(client.get(url("workshops:agenda", workshop)))
    assert "The agenda has not been published yet." in page
    assert "A draft session" not in page
    assert client.get(url("workshops:agenda_ics", workshop)).status_code == 404
    assert client.get(url("workshops:agenda_pdf", workshop)).status_code == 404
    detail = text_of(client.get(workshop.get_absolute_url()))
    assert "The agenda has not been published yet." in detail


def test_the_draft_shows_only_once_published_with_what_changed(client, secretariat):
    workshop = WorkshopFactory()
    kept = SessionFactory(workshop=workshop, title="Opening remarks", order=1)
    moved = SessionFactory(
        workshop=workshop,
        title="Session I: Labour mobility",
        start_time=dt.time(11, 30),
        end_time=dt.time(12, 30),
        order=2,
    )
    dropped = SessionFactory(
        workshop=workshop, title="Session II: Integration", date=dt.date(2009, 3, 26)
    )
    publish_agenda(workshop, actor=secretariat)

    add_session(
        workshop,
        actor=secretariat,
        date=dt.date(2009, 3, 26),
        start_time=dt.time(14, 0),
        end_time=dt.time(15, 0),
        title="Side event on remittances",
        kind="panel",
        room="Room XX",
    )
    update_session(moved, actor=secretariat, start_time=dt.time(15, 0), end_time=dt.time(16, 0))
    delete_session(dropped, actor=secretariat)
    assign_speaker(
        kept, actor=secretariat, speaker=SpeakerFactory(name="Newly Invited"), role="chair"
    )

    before = text_of(client.get(url("workshops:agenda", workshop)))
    assert "Side event on remittances" not in before
    assert "Session II: Integration" in before
    assert "11:30–12:30 Session I: Labour mobility" in before
    assert "Newly Invited" not in before
    assert b"Side event" not in client.get(url("workshops:agenda_ics", workshop)).content

    publish_agenda(workshop, actor=secretariat)

    after = text_of(client.get(url("workshops:agenda", workshop)))
    assert "Release 2, published" in after
    assert "Side event on remittances" in after
    assert "15:00–16:00 Session I: Labour mobility" in after
    assert "Chair Ms Newly Invited" in after
    assert "What changed since release 1" in after
    assert "Added: “Side event on remittances”, 26 March 2009, 14:00–15:00, Room XX" in after
    assert (
        "Moved: “Session I: Labour mobility”, from 25 March 2009, 11:30–12:30, Room XVII "
        "to 25 March 2009, 15:00–16:00, Room XVII"
    ) in after
    assert (
        "Cancelled: “Session II: Integration”, which was on 26 March 2009, 10:00–11:00, Room XVII"
    ) in after
    assert "Speakers changed in “Opening remarks”; added: Ms Newly Invited" in after
    assert b"Side event on remittances" in client.get(url("workshops:agenda_ics", workshop)).content


def test_agenda_of_an_unpublished_workshop_is_not_found_except_for_the_secretariat(
    client, secretariat, delegate
):
    workshop = WorkshopFactory(is_published=False)
    SessionFactory(workshop=workshop)
    publish_agenda(workshop, actor=secretariat)
    for name in ("workshops:agenda", "workshops:agenda_ics", "workshops:agenda_pdf"):
        assert client.get(url(name, workshop)).status_code == 404
    client.force_login(delegate)
    assert client.get(url("workshops:agenda", workshop)).status_code == 404
    client.force_login(secretariat)
    assert "Release 1, published" in text_of(client.get(url("workshops:agenda", workshop)))


def _workshop_with_sessions(count, secretariat):
    workshop = WorkshopFactory()
    moderator, first, second = SpeakerFactory.create_batch(3)
    sessions = Session.objects.bulk_create(
        Session(
            workshop=workshop,
            date=workshop.start_date + dt.timedelta(days=number % 2),
            start_time=dt.time(8 + number % 10, 0),
            end_time=dt.time(9 + number % 10, 0),
            title=f"Numbered session {number}",
            kind="panel",
            room=f"Room {number % 4}",
            order=number,
        )
        for number in range(1, count + 1)
    )
    SessionSpeaker.objects.bulk_create(
        SessionSpeaker(session=session, speaker=speaker, role=role, order=position)
        for session in sessions
        for position, (speaker, role) in enumerate(
            [(moderator, "moderator"), (first, "panellist"), (second, "panellist")]
        )
    )
    publish_agenda(workshop, actor=secretariat)
    return workshop


def test_calendar_makes_the_same_queries_for_10_and_500_sessions(client, secretariat):
    def queries_for(count):
        workshop = _workshop_with_sessions(count, secretariat)
        with CaptureQueriesContext(connection) as context:
            response = client.get(url("workshops:agenda_ics", workshop))
        assert response.status_code == 200
        assert f"Numbered session {count}" in response.content.decode()
        return len(context.captured_queries)

    # The workshop with its IDM year, then its latest release.
    assert queries_for(10) == queries_for(500) == 2


def test_agenda_makes_the_same_queries_for_10_and_500_sessions_cold_and_cached(client, secretariat):
    def queries_for(count):
        workshop = _workshop_with_sessions(count, secretariat)
        made = []
        for _visit in range(2):
            with CaptureQueriesContext(connection) as context:
                response = client.get(url("workshops:agenda", workshop))
            assert response.status_code == 200
            assert f"Numbered session {count}" in response.content.decode()
            made.append(len(context.captured_queries))
        return made

    # What shapes the page (the workshop and its IDM year, the latest release's number, the
    # published statements), hashed in one query: the cache's key; on the first visit only,
    # the workshop with its release, the statements and the release's sessions to make it.
    assert queries_for(10) == queries_for(500) == [4, 1]


def test_speaker_page_lists_their_sessions_in_published_agendas_only(client, secretariat):
    speaker = SpeakerFactory(
        title="Dr",
        name="Amina Rapporteur",
        position="Professor of Migration Law",
        organization="University of Rabat",
        biography="Writes on the human rights of migrant workers.",
    )
    first = WorkshopFactory(title="Effective Respect for the Human Rights of Migrants")
    keynote = SessionFactory(workshop=first, title="Keynote address", kind="keynote")
    SessionSpeakerFactory(session=keynote, speaker=speaker, role="keynote")
    publish_agenda(first, actor=secretariat)
    # After the release: a draft session of the same workshop stays private.
    draft = SessionFactory(workshop=first, title="Draft session", date=dt.date(2009, 3, 26))
    SessionSpeakerFactory(session=draft, speaker=speaker, role="moderator")
    second = WorkshopFactory(
        title="Trafficking and Exploitation of Migrants",
        start_date=dt.date(2009, 7, 9),
        end_date=dt.date(2009, 7, 10),
    )
    summary = SessionFactory(
        workshop=second,
        title="Summary and closing",
        kind="closing",
        start_time=dt.time(16, 30),
        end_time=dt.time(17, 0),
        date=dt.date(2009, 7, 10),
    )
    SessionSpeakerFactory(session=summary, speaker=speaker, role="rapporteur")
    publish_agenda(second, actor=secretariat)
    hidden = WorkshopFactory(is_published=False, title="Unannounced workshop")
    SessionSpeakerFactory(session=SessionFactory(workshop=hidden), speaker=speaker)
    publish_agenda(hidden, actor=secretariat)

    with CaptureQueriesContext(connection) as context:
        response = client.get(speaker.get_absolute_url())
    page = text_of(response)

    assert "Dr Amina Rapporteur" in page
    assert "Professor of Migration Law, University of Rabat" in page
    assert "Writes on the human rights of migrant workers." in page
    assert page.index("Keynote address") < page.index("Summary and closing")
    assert "Keynote speaker · Keynote 25 March 2009, 10:00–11:00, Room XVII" in page
    assert "Rapporteur · Closing 10 July 2009, 16:30–17:00, Room XVII" in page
    assert "Trafficking and Exploitation of Migrants, Geneva" in page
    assert "Draft session" not in page
    assert "Unannounced workshop" not in page
    body = response.content.decode()
    assert f"/agenda/#session-{keynote.uid}" in body
    assert len(context.captured_queries) == 2  # the speaker, the latest releases


def test_speaker_page_makes_the_same_queries_for_one_and_many_workshops(client, secretariat):
    speaker = SpeakerFactory()

    def queries_for(count):
        for _ in range(count):
            session = SessionFactory()
            SessionSpeakerFactory(session=session, speaker=speaker)
            publish_agenda(session.workshop, actor=secretariat)
        with CaptureQueriesContext(connection) as context:
            assert client.get(speaker.get_absolute_url()).status_code == 200
        return len(context.captured_queries)

    assert queries_for(1) == queries_for(10) == 2


def test_speaker_on_no_published_agenda_is_not_found(client, secretariat):
    session = SessionFactory()
    part = SessionSpeakerFactory(session=session)
    assert client.get(part.speaker.get_absolute_url()).status_code == 404
    client.force_login(secretariat)
    page = text_of(client.get(part.speaker.get_absolute_url()))
    assert "This speaker is on no published agenda." in page


def test_workshop_page_tells_the_registration_window_in_the_venue_time(client):
    workshop = WorkshopFactory(
        title="Migration in the Pacific",
        city="Manila",
        venue="Philippine International Convention Center",
        time_zone="Asia/Manila",
        status="confirmed",
        registration_opens=dt.datetime(2009, 2, 1, 1, 0, tzinfo=UTC),
        registration_closes=dt.datetime(2099, 6, 30, 22, 0, tzinfo=UTC),
    )
    page = text_of(client.get(workshop.get_absolute_url()))
    assert "Overarching theme of IDM 2009: Human Rights and Migration" in page
    assert "Philippine International Convention Center, Manila" in page
    assert "Confirmed" in page
    assert "Registration is open until 1 July 2099 at 06:00 (Manila time)." in page
    assert "Register for this workshop" in page


@pytest.mark.parametrize(
    ("opens", "closes", "sentence"),
    [
        (None, None, "The registration dates have not been announced yet."),
        (
            dt.datetime(2099, 2, 1, 8, 0, tzinfo=UTC),
            dt.datetime(2099, 3, 20, 17, 0, tzinfo=UTC),
            "Registration opens on 1 February 2099 at 09:00 and closes on 20 March 2099 at "
            "18:00 (Geneva time).",
        ),
        (
            dt.datetime(2009, 2, 1, 8, 0, tzinfo=UTC),
            dt.datetime(2009, 3, 20, 17, 0, tzinfo=UTC),
            "Registration closed on 20 March 2009 at 18:00 (Geneva time).",
        ),
        (dt.datetime(2009, 2, 1, 8, 0, tzinfo=UTC), None, "Registration is open."),
    ],
)
def test_workshop_page_tells_the_registration_window_in_words(client, opens, closes, sentence):
    workshop = WorkshopFactory(registration_opens=opens, registration_closes=closes)
    assert sentence in text_of(client.get(workshop.get_absolute_url()))


def test_workshop_page_links_the_agenda_and_lists_the_documents_the_viewer_may_see(
    client, secretariat
):
    workshop = WorkshopFactory()
    SessionFactory(workshop=workshop)
    publish_agenda(workshop, actor=secretariat)
    for title, public in (("Background paper on human rights", True), ("Internal notes", False)):
        Document.objects.create(
            workshop=workshop,
            kind="background_paper",
            title=title,
            file=f"workshops/{workshop.pk}/abc-{title[:8]}.pdf",
            file_type="pdf",
            size=1000,
            is_public=public,
        )
    response = client.get(workshop.get_absolute_url())
    page = text_of(response)
    assert f'href="{url("workshops:agenda", workshop)}"' in response.content.decode()
    assert "Read the agenda (release 1, published" in page
    assert "(release 1, published" in page
    assert "Background paper on human rights" in page
    assert "Internal notes" not in page
    client.force_login(secretariat)
    assert "Internal notes" in text_of(client.get(workshop.get_absolute_url()))


def test_sitemap_lists_published_agendas_and_their_speakers(client, secretariat):
    public = WorkshopFactory(slug="public-one")
    part = SessionSpeakerFactory(session=SessionFactory(workshop=public))
    publish_agenda(public, actor=secretariat)
    WorkshopFactory(slug="no-release-yet")
    hidden = WorkshopFactory(slug="secret-draft", is_published=False)
    hidden_part = SessionSpeakerFactory(session=SessionFactory(workshop=hidden))
    publish_agenda(hidden, actor=secretariat)
    draft_only = SessionSpeakerFactory(session=SessionFactory(workshop=public))

    sitemap = client.get(reverse("sitemap")).content.decode()
    for language in ("en", "fr", "es"):
        assert f"/{language}/workshops/2009/public-one/agenda/</loc>" in sitemap
        assert f"/{language}/workshops/speakers/{part.speaker.pk}/</loc>" in sitemap
    assert "no-release-yet/agenda/" not in sitemap
    assert "secret-draft" not in sitemap
    assert f"/speakers/{hidden_part.speaker.pk}/<" not in sitemap
    assert f"/speakers/{draft_only.speaker.pk}/<" not in sitemap


@pytest.mark.parametrize("status", ["held", "cancelled"])
def test_workshop_page_says_nothing_of_registration_when_there_is_none(client, status):
    workshop = WorkshopFactory(status=status)
    page = text_of(client.get(workshop.get_absolute_url()))
    assert "Held" in page or "Cancelled" in page
    assert "Registration" not in page
    assert "registration" not in page


def test_workshop_page_makes_the_same_queries_for_few_and_many_documents(client, secretariat):
    def queries_for(count):
        workshop = WorkshopFactory()
        SessionFactory(workshop=workshop)
        publish_agenda(workshop, actor=secretariat)
        for number in range(count):
            Document.objects.create(
                workshop=workshop,
                kind="presentation",
                title=f"Presentation {number}",
                file=f"workshops/{workshop.pk}/abc-presentation-{number}.pdf",
                file_type="pdf",
                size=1000,
            )
        with CaptureQueriesContext(connection) as context:
            page = text_of(client.get(workshop.get_absolute_url()))
        assert f"Presentation {count - 1}" in page
        return len(context.captured_queries)

    # The workshop with its IDM year and its latest release's heading, its documents.
    assert queries_for(1) == queries_for(20) == 2


def test_the_secretariat_finds_the_editor_from_the_workshop_page(client, secretariat, delegate):
    workshop = WorkshopFactory()
    editor_url = reverse("workshops:editor", args=[workshop.idm_year.year, workshop.slug])
    client.force_login(delegate)
    assert editor_url not in client.get(workshop.get_absolute_url()).content.decode()
    client.force_login(secretariat)
    page = client.get(workshop.get_absolute_url()).content.decode()
    assert f'href="{editor_url}">Edit the agenda</a>' in page


def test_the_secretariat_finds_registrations_check_in_and_statistics_on_the_workshop_page(
    client, secretariat
):
    workshop = WorkshopFactory()
    client.force_login(secretariat)
    page = client.get(workshop.get_absolute_url()).content.decode()
    for name, label in (
        ("registrations", "Registrations"),
        ("check_in", "Check-in"),
        ("statistics", "Statistics"),
    ):
        url = reverse(f"workshops:{name}", args=[workshop.idm_year.year, workshop.slug])
        assert f'href="{url}">{label}</a>' in page

"""The public API: what a website or a conference app reads, without a token."""

import datetime as dt

import pytest
from django.test import override_settings
from django.utils import timezone, translation

from consultations.services import voting
from tests.factories import (
    DiscussionNoteFactory,
    MemberStateFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    VotingRoundFactory,
    WorkshopFactory,
)
from workshops.models import Session
from workshops.services.agenda import publish_agenda


@pytest.fixture
def published(secretariat):
    workshop = WorkshopFactory(title="Human Rights and Migration", time_zone="Europe/Zurich")
    session = SessionFactory(
        workshop=workshop, title="Opening", start_time=dt.time(10), end_time=dt.time(11)
    )
    SessionSpeakerFactory(
        session=session, speaker=SpeakerFactory(name="Laura Thompson"), role="moderator"
    )
    SessionSpeakerFactory(
        session=session, speaker=SpeakerFactory(name="Guy Ryder"), role="panellist"
    )
    publish_agenda(workshop, actor=secretariat, prerender_pdf=False)
    return workshop


def test_agenda_gives_sessions_with_the_venues_offset_and_speakers_by_role(api, published):
    response = api().get(f"/api/v1/workshops/{published.pk}/agenda/")
    assert response.status_code == 200
    agenda = response.json()
    assert agenda["number"] == 1
    assert agenda["time_zone"] == "Europe/Zurich"
    (session,) = agenda["sessions"]
    assert session["title"] == "Opening"
    assert session["start"] == "2009-03-25T10:00:00+01:00"
    assert session["end"] == "2009-03-25T11:00:00+01:00"
    groups = [
        (group["heading"], [s["name"] for s in group["speakers"]])
        for group in session["speaker_groups"]
    ]
    assert groups == [("Moderator", ["Ms Laura Thompson"]), ("Panellist", ["Ms Guy Ryder"])]


def test_content_language_follows_lang_then_accept_language(api, published):
    url = f"/api/v1/workshops/{published.pk}/agenda/"
    # Existing catalogue strings only (new strings are compiled at merge).
    french = api().get(url + "?lang=fr")
    assert french["Content-Language"] == "fr"
    spanish = api().get(url, HTTP_ACCEPT_LANGUAGE="es")
    assert spanish["Content-Language"] == "es"
    english = api().get(url)
    assert english["Content-Language"] == "en"
    assert english.json()["sessions"][0]["kind_label"] == "Panel"
    assert french.json()["sessions"][0]["kind_label"] != "Panel"


def test_agenda_gives_its_labels_in_the_three_languages_side_by_side(api, published):
    (session,) = api().get(f"/api/v1/workshops/{published.pk}/agenda/").json()["sessions"]
    labels = session["kind_labels"]
    assert sorted(labels) == ["en", "es", "fr"]
    assert labels["en"] == "Panel"
    with translation.override("fr"):
        assert labels["fr"] == str(Session.Kind.PANEL.label)
    assert session["speaker_groups"][0]["headings"]["en"] == "Moderator"


def test_drafts_never_appear(api, db):
    WorkshopFactory(title="Draft workshop", is_published=False)
    shown = WorkshopFactory(title="Public workshop")
    titles = [w["title"] for w in api().get("/api/v1/workshops/").json()["results"]]
    assert titles == ["Public workshop"]
    draft = WorkshopFactory(is_published=False)
    assert api().get(f"/api/v1/workshops/{draft.pk}/").status_code == 404
    assert api().get(f"/api/v1/workshops/{shown.pk}/agenda/").json()["detail"] == (
        "The agenda has not been published yet."
    )


def test_notes_give_the_text_and_the_pdf_link(api, db):
    note = DiscussionNoteFactory(
        symbol="IC/2009/5",
        status="published",
        published_at=timezone.now(),
        body="The Administration invites suggestions.\n\nSecond paragraph.",
    )
    DiscussionNoteFactory(symbol="IC/2009/6", status="draft")
    listed = api().get("/api/v1/notes/").json()["results"]
    assert [n["symbol"] for n in listed] == ["IC/2009/5"]
    detail = api().get(f"/api/v1/notes/{note.pk}/").json()
    assert detail["pdf_url"].endswith("/en/consultations/notes/ic-2009-5/en.pdf")
    assert "The Administration invites suggestions." in detail["html"]
    assert detail["body"].startswith("The Administration invites suggestions.")


def test_closed_round_gives_its_result_and_an_open_round_is_not_listed(api, secretariat):
    states = MemberStateFactory.create_batch(2)
    voting_round = VotingRoundFactory(quorum_percent=0)
    south, social = voting_round.proposals.order_by("order")
    for state in states:
        voting.record_ballot(
            voting_round,
            member_state=state,
            ranking=[south.pk],
            note_verbale=f"NV {state.pk}",
            actor=secretariat,
        )
    assert api().get("/api/v1/voting-rounds/").json()["results"] == []
    assert api().get(f"/api/v1/voting-rounds/{voting_round.pk}/").status_code == 404
    voting_round.closes_at = timezone.now() - dt.timedelta(seconds=1)
    voting_round.save()
    result = api().get(f"/api/v1/voting-rounds/{voting_round.pk}/").json()["result"]
    assert result["winner"] == south.pk
    assert result["ballots"] == 2
    votes = {row["proposal"]: row["votes"] for row in result["count_rounds"][0]["votes"]}
    assert votes == {south.pk: 2, social.pk: 0}


def test_etag_answers_304_until_the_agenda_changes(api, published, secretariat):
    url = f"/api/v1/workshops/{published.pk}/agenda/"
    first = api().get(url)
    etag = first["ETag"]
    again = api().get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    SessionFactory(
        workshop=published, title="Closing", start_time=dt.time(16), end_time=dt.time(17)
    )
    publish_agenda(published, actor=secretariat, prerender_pdf=False)
    changed = api().get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert [s["title"] for s in changed.json()["sessions"]] == ["Opening", "Closing"]
    assert changed["ETag"] != etag


@override_settings(API_RATE_PER_TOKEN="3/min", API_RATE_ANONYMOUS="2/min")
def test_rate_limit_is_per_token_with_retry_after(api, make_token, db):
    _one, first = make_token("outbox")
    _two, second = make_token("outbox", name="Website")
    for _attempt in range(3):
        assert api(first).get("/api/v1/outbox/").status_code == 200
    refused = api(first).get("/api/v1/outbox/")
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/problem+json"
    assert 0 < int(refused["Retry-After"]) <= 60
    # Another token has its own allowance.
    assert api(second).get("/api/v1/outbox/").status_code == 200
    for _attempt in range(2):
        assert api().get("/api/v1/years/").status_code == 200
    assert api().get("/api/v1/years/").status_code == 429


def test_cursor_pagination_walks_every_workshop_once(api, db):
    for number in range(5):
        WorkshopFactory(title=f"Workshop {number}")
    seen = []
    url = "/api/v1/workshops/?page_size=2"
    while url:
        page = api().get(url).json()
        seen += [w["title"] for w in page["results"]]
        url = page["next"]
    assert len(seen) == 5
    assert len(set(seen)) == 5


@pytest.mark.parametrize("count", [2, 40])
def test_workshop_list_queries_do_not_grow(api, db, django_assert_num_queries, count):
    WorkshopFactory.create_batch(count)
    with django_assert_num_queries(1):
        assert len(api().get("/api/v1/workshops/?page_size=100").json()["results"]) == count


@pytest.mark.parametrize("count", [2, 40])
def test_agenda_queries_do_not_grow(api, secretariat, django_assert_num_queries, count):
    workshop = WorkshopFactory()
    for number in range(count):
        SessionSpeakerFactory(session=SessionFactory(workshop=workshop, title=f"S{number}"))
    publish_agenda(workshop, actor=secretariat, prerender_pdf=False)
    with django_assert_num_queries(2):
        sessions = api().get(f"/api/v1/workshops/{workshop.pk}/agenda/").json()["sessions"]
    assert len(sessions) == count

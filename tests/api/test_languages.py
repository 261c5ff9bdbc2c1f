"""The three languages in one answer: ``?lang=all`` gives each translated text of the public
endpoints as {"en": ..., "fr": ..., "es": ...} (what ``?lang=<code>`` gives in each
language, English where a translation is missing), every other text in English; the same
queries as one language."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from tests.factories import (
    DiscussionNoteFactory,
    IdmYearFactory,
    MeetingFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    ThemeProposalFactory,
    VotingRoundFactory,
    WorkshopFactory,
)
from workshops.models import Workshop
from workshops.services.agenda import publish_agenda

EN_FR_ES = ["en", "es", "fr"]


def _label(code, text):
    with translation.override(code):
        return str(translation.gettext(text))


@pytest.fixture
def workshop(db):
    year = IdmYearFactory(
        overarching_theme="Human Rights and Migration",
        overarching_theme_fr="Droits de l’homme et migration",
        overarching_theme_es="Derechos humanos y migración",
    )
    return WorkshopFactory(
        idm_year=year,
        title="Human Rights and Migration",
        title_fr="Droits de l’homme et migration",
        title_es="Derechos humanos y migración",
        city="Geneva",
        city_fr="Genève",
        city_es="",  # no Spanish: the English one, as ?lang=es gives it
        time_zone="Europe/Zurich",
    )


def test_a_workshop_in_the_three_languages(api, workshop):
    response = api().get(f"/api/v1/workshops/{workshop.pk}/?lang=all")
    assert response.status_code == 200
    assert response["Content-Language"] == "en, fr, es"
    body = response.json()
    assert body["title"] == {
        "en": "Human Rights and Migration",
        "fr": "Droits de l’homme et migration",
        "es": "Derechos humanos y migración",
    }
    assert body["city"] == {"en": "Geneva", "fr": "Genève", "es": "Geneva"}
    assert body["status_label"] == {
        code: _label(code, Workshop.Status.CONFIRMED.label) for code in ["en", "fr", "es"]
    }
    assert body["status_label"]["fr"] != "Confirmed"
    assert sorted(body["url"]) == EN_FR_ES
    assert all(f"/{code}/" in body["url"][code] for code in EN_FR_ES)
    # What is not translated stays as it is.
    assert body["id"] == workshop.pk
    assert body["status"] == "confirmed"
    assert body["time_zone"] == "Europe/Zurich"
    # And each language alone is what the object says for it.
    for code in EN_FR_ES:
        alone = api().get(f"/api/v1/workshops/{workshop.pk}/?lang={code}").json()
        assert alone["title"] == body["title"][code]
        assert alone["city"] == body["city"][code]
        assert alone["url"] == body["url"][code]


def test_lists_years_and_the_etag_in_the_three_languages(api, workshop):
    workshops = api().get("/api/v1/workshops/?lang=all").json()["results"]
    assert workshops[0]["title"]["fr"] == "Droits de l’homme et migration"
    (year,) = api().get("/api/v1/years/?lang=all").json()["results"]
    assert year["overarching_theme"]["es"] == "Derechos humanos y migración"
    assert sorted(year["status_label"]) == EN_FR_ES
    url = f"/api/v1/workshops/{workshop.pk}/"
    tag = api().get(url + "?lang=all")["ETag"]
    assert tag != api().get(url)["ETag"]
    again = api().get(url + "?lang=all", HTTP_IF_NONE_MATCH=tag)
    assert again.status_code == 304


def test_the_agenda_in_the_three_languages(api, workshop, secretariat):
    session = SessionFactory(
        workshop=workshop,
        title="Opening",
        title_fr="Ouverture",
        title_es="Apertura",
        description="Welcome.",
        start_time=dt.time(10),
        end_time=dt.time(11),
    )
    SessionSpeakerFactory(
        session=session,
        speaker=SpeakerFactory(
            name="Laura Thompson", position="Deputy Director General", position_fr="Directrice"
        ),
        role="moderator",
    )
    publish_agenda(workshop, actor=secretariat, prerender_pdf=False)
    agenda = api().get(f"/api/v1/workshops/{workshop.pk}/agenda/?lang=all").json()
    (shown,) = agenda["sessions"]
    assert shown["title"] == {"en": "Opening", "fr": "Ouverture", "es": "Apertura"}
    assert shown["description"] == {"en": "Welcome.", "fr": "Welcome.", "es": "Welcome."}
    assert shown["kind_label"]["en"] == "Panel"
    assert shown["kind_label"] == shown["kind_labels"]
    assert shown["start"] == "2009-03-25T10:00:00+01:00"
    (group,) = shown["speaker_groups"]
    assert group["heading"] == group["headings"]
    assert group["role"] == "moderator"
    (speaker,) = group["speakers"]
    assert speaker["name"] == "Ms Laura Thompson"
    assert speaker["position"] == {
        "en": "Deputy Director General",
        "fr": "Directrice",
        "es": "Deputy Director General",
    }
    assert speaker["role_label"]["en"] == "Moderator"
    release = api().get(f"/api/v1/workshops/{workshop.pk}/releases/1/?lang=all").json()
    assert release["sessions"] == agenda["sessions"]
    french = api().get(f"/api/v1/workshops/{workshop.pk}/agenda/?lang=fr").json()
    assert french["sessions"][0]["title"] == "Ouverture"
    assert french["sessions"][0]["speaker_groups"][0]["heading"] == group["heading"]["fr"]


def test_notes_and_rounds_in_the_three_languages(api, db):
    meeting = MeetingFactory(
        title="Informal Consultations", title_fr="Consultations informelles", title_es=""
    )
    note = DiscussionNoteFactory(meeting=meeting, status="published", published_at=timezone.now())
    (listed,) = api().get("/api/v1/notes/?lang=all").json()["results"]
    assert listed["meeting"] == {
        "en": "Informal Consultations",
        "fr": "Consultations informelles",
        "es": "Informal Consultations",
    }
    assert listed["title"] == note.title  # a note is in one language
    detail = api().get(f"/api/v1/notes/{note.pk}/?lang=all").json()
    assert "/fr/" in detail["pdf_url"]["fr"]
    assert detail["body"] == note.body
    proposal = ThemeProposalFactory(title="South-South Migration", title_fr="Migration Sud-Sud")
    closed = VotingRoundFactory(
        title="Theme of IDM 2010",
        title_es="Tema del DIM 2010",
        proposals=[proposal],
        opens_at=timezone.now() - dt.timedelta(days=8),
        closes_at=timezone.now() - dt.timedelta(days=1),
    )
    shown = api().get(f"/api/v1/voting-rounds/{closed.pk}/?lang=all").json()
    assert shown["title"]["es"] == "Tema del DIM 2010"
    assert shown["proposals"][0]["title"]["fr"] == "Migration Sud-Sud"
    assert shown["result"]["ballots"] == 0


def test_token_endpoints_and_schedules_answer_in_english(api, make_token, world):
    secret = make_token("registrations:read")[1]
    url = f"/api/v1/registrations/{world['r']}/?lang=all"
    response = api(secret).get(url)
    assert response["Content-Language"] == "en"
    assert response.json()["status_label"] == "Pending approval"
    schedule = api().get(f"/api/v1/workshops/{world['w']}/schedule.json?lang=all")
    assert schedule.status_code == 200


def test_accept_language_star_means_any_language_english(api, workshop):
    response = api().get(f"/api/v1/workshops/{workshop.pk}/", HTTP_ACCEPT_LANGUAGE="*")
    assert response["Content-Language"] == "en"
    assert response.json()["title"] == "Human Rights and Migration"


@pytest.mark.parametrize(
    "url", ["/api/v1/workshops/", "/api/v1/years/", "/api/v1/voting-rounds/", "/api/v1/notes/"]
)
def test_three_languages_take_the_queries_of_one(api, db, django_assert_max_num_queries, url):
    for number in range(3):
        WorkshopFactory()
        DiscussionNoteFactory(status="published", published_at=timezone.now())
        VotingRoundFactory(
            opens_at=timezone.now() - dt.timedelta(days=8),
            closes_at=timezone.now() - dt.timedelta(days=1 + number),
        )
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        api().get(url + "?lang=fr")
    with django_assert_max_num_queries(len(one.captured_queries)):
        api().get(url + "?lang=all")

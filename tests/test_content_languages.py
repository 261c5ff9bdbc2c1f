"""What the Secretariat writes, in English, French and Spanish (django-modeltranslation): a
page in French shows the French text, or the English one marked lang="en" where the French
is missing; agenda releases keep every language; the demo has no English left on its French
and Spanish public pages."""

import html
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from consultations import demo as consultations_demo
from idm_portal.core import demo as core_demo
from tests.factories import SessionFactory, SessionSpeakerFactory, SpeakerFactory, WorkshopFactory
from workshops import demo as workshops_demo
from workshops.models import AgendaRelease, Workshop
from workshops.services.agenda import publish_agenda

pytestmark = pytest.mark.django_db

ENGLISH_TITLE = "Effective Respect for the Human Rights of Migrants: A Shared Responsibility"
FRENCH_TITLE = "Respect effectif des droits de l’homme des migrants : une responsabilité partagée"


def url(name, workshop, language):
    with translation.override(language):
        return reverse(name, args=[workshop.idm_year.year, workshop.slug])


def main_of(response):
    """The text of the page's <main>, tags removed, spaces collapsed."""
    page = response.content.decode()
    main = re.search(r"<main\b.*?</main>", page, re.S).group(0)
    main = re.sub(r"<(script|style)\b.*?</\1>", " ", main, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", main)).split())


def h1_of(response):
    return re.search(r"<h1\b[^>]*>(.*?)</h1>", response.content.decode(), re.S).group(1)


def test_a_workshop_with_a_french_title_shows_it_on_the_french_page(client):
    workshop = WorkshopFactory(
        title=ENGLISH_TITLE, title_fr=FRENCH_TITLE, city="Geneva", city_fr="Genève"
    )

    french = client.get(url("workshops:detail", workshop, "fr"))
    english = client.get(url("workshops:detail", workshop, "en"))

    assert h1_of(french).strip() == html.escape(FRENCH_TITLE)
    assert "Genève" in main_of(french)
    assert ENGLISH_TITLE not in main_of(french)
    assert h1_of(english).strip() == html.escape(ENGLISH_TITLE)
    assert FRENCH_TITLE not in main_of(english)


def test_a_workshop_without_french_shows_the_english_title_marked_lang_en(client):
    workshop = WorkshopFactory(title=ENGLISH_TITLE, title_es="Respeto efectivo")

    french = client.get(url("workshops:detail", workshop, "fr"))
    spanish = client.get(url("workshops:detail", workshop, "es"))
    english = client.get(url("workshops:detail", workshop, "en"))

    assert h1_of(french).strip() == f'<span lang="en">{html.escape(ENGLISH_TITLE)}</span>'
    assert h1_of(spanish).strip() == "Respeto efectivo"
    # On the English page, English is the page's own language: nothing to mark.
    assert h1_of(english).strip() == html.escape(ENGLISH_TITLE)


def test_the_agenda_shows_a_release_in_the_pages_language(client, secretariat):
    workshop = WorkshopFactory(title=ENGLISH_TITLE, title_fr=FRENCH_TITLE)
    session = SessionFactory(
        workshop=workshop, title="Opening and welcome remarks", title_fr="Ouverture", order=1
    )
    SessionFactory(workshop=workshop, title="Lunch break", order=2)
    speaker = SpeakerFactory(position="Researcher", position_fr="Chercheuse")
    SessionSpeakerFactory(session=session, speaker=speaker)
    release = publish_agenda(workshop, actor=secretariat, prerender_pdf=False)

    assert release.sessions[0]["title"] == "Opening and welcome remarks"
    assert release.sessions[0]["translations"] == {"fr": {"title": "Ouverture"}}
    french = client.get(url("workshops:agenda", workshop, "fr")).content.decode()
    english = client.get(url("workshops:agenda", workshop, "en")).content.decode()
    assert ">Ouverture</h3>" in french
    assert "Chercheuse" in french
    assert '<span lang="en">Lunch break</span>' in french
    assert "Opening and welcome remarks" not in french
    assert ">Opening and welcome remarks</h3>" in english
    assert "Ouverture" not in english


def test_a_release_published_before_translations_reads_in_english(client, secretariat):
    workshop = WorkshopFactory(title=ENGLISH_TITLE, title_fr=FRENCH_TITLE)
    SessionFactory(workshop=workshop, title="Opening and welcome remarks", title_fr="Ouverture")
    release = publish_agenda(workshop, actor=secretariat, prerender_pdf=False)
    old_form = [
        {key: value for key, value in item.items() if key != "translations"} | {"speakers": []}
        for item in release.sessions
    ]
    AgendaRelease.objects.filter(pk=release.pk).update(sessions=old_form)

    french = client.get(url("workshops:agenda", workshop, "fr")).content.decode()

    assert '<span lang="en">Opening and welcome remarks</span>' in french


@pytest.fixture
def demo_world(settings):
    settings.DEMO_PASSWORD = "demo-password-for-tests"
    settings.DEMO_TOTP_SECRET = "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU"
    call_command("load_demo", "--force", stdout=StringIO())


def english_demo_strings():
    """The English texts the demo gives in French and Spanish too (those whose French or
    Spanish differs: "Palais des Nations" is French in English as well)."""
    found = {core_demo.THEME_2009: (core_demo.THEME_2009_FR, core_demo.THEME_2009_ES)}
    found |= workshops_demo.TRANSLATIONS
    found |= consultations_demo.TRANSLATIONS
    return {
        language: sorted(english for english, texts in found.items() if texts[index] != english)
        for index, language in enumerate(("fr", "es"))
    }


@pytest.mark.parametrize("language", ["fr", "es"])
def test_no_english_content_on_the_demos_french_and_spanish_pages(
    client, focal_point, demo_world, language
):
    client.force_login(focal_point)
    first, second = Workshop.objects.filter(idm_year__year=2009).order_by("ordinal")
    with translation.override(language):
        pages = {
            "home": reverse("home"),
            "workshop 1": url("workshops:detail", first, language),
            "workshop 2": url("workshops:detail", second, language),
            "agenda 1": url("workshops:agenda", first, language),
            "themes": reverse("consultations:index"),
        }
    english = english_demo_strings()[language]
    texts = {}
    for name, address in pages.items():
        response = client.get(address)
        assert response.status_code == 200, name
        texts[name] = main_of(response)

    left_in_english = {
        name: [string for string in english if string in text] for name, text in texts.items()
    }

    assert {name: found for name, found in left_in_english.items() if found} == {}
    # And the translations are what the pages show.
    theme = core_demo.THEME_2009_FR if language == "fr" else core_demo.THEME_2009_ES
    assert theme in texts["home"]
    geneva = "Genève" if language == "fr" else "Ginebra"
    assert geneva in texts["workshop 1"]
    assert workshops_demo.TRANSLATIONS["Coffee break"][language == "es"] in texts["agenda 1"]
    # Nothing in the agenda falls back to English (the release carries every language).
    agenda = client.get(pages["agenda 1"]).content.decode()
    assert ' lang="en"' not in re.search(r"<main\b.*?</main>", agenda, re.S).group(0)

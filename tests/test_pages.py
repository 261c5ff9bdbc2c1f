"""Public pages: the home page, the workshops of a year, a workshop, the sitemap."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from consultations.models import Meeting
from tests.factories import IdmYearFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


def test_home_shows_the_year_its_theme_its_workshops_and_the_consultations(client):
    year = IdmYearFactory()
    WorkshopFactory(idm_year=year, ordinal=1, title="Effective Respect for Human Rights")
    WorkshopFactory(idm_year=year, ordinal=2, title="A draft", is_published=False)
    Meeting.objects.create(idm_year=year, title="Informal Consultations on IDM", date="2009-04-28")
    page = client.get(reverse("home")).content.decode()
    assert "International Dialogue on Migration 2009" in page
    assert "Working Together for Safe, Dignified and Secure Migration" in page
    assert "Effective Respect for Human Rights" in page
    assert "First intersessional workshop" in page
    assert "A draft" not in page
    assert "Informal Consultations on IDM" in page
    assert "Geneva, 28 April 2009" in page


def test_home_on_an_empty_portal_says_so(client):
    assert "No IDM year has been set up yet." in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize("url_name", ["home", "workshops:list"])
def test_list_pages_make_the_same_number_of_queries_for_few_and_many_workshops(client, url_name):
    year = IdmYearFactory()
    url = reverse(url_name, args=[2009] if url_name != "home" else [])

    def queries_for(count):
        for _ in range(count):
            WorkshopFactory(idm_year=year)
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    assert queries_for(2) == queries_for(30) == {"home": 4, "workshops:list": 3}[url_name]


def test_workshop_page_shows_dates_venue_and_status_in_words(client):
    workshop = WorkshopFactory(
        title="Trafficking and Exploitation of Migrants",
        start_date="2009-07-09",
        end_date="2009-07-10",
        status="subject_to_funding",
    )
    page = client.get(workshop.get_absolute_url()).content.decode()
    assert "Trafficking and Exploitation of Migrants" in page
    assert "9–10 July 2009" in page
    assert "Palais des Nations, Geneva" in page
    assert "Subject to the availability of funding" in page


def test_sitemap_lists_public_pages_in_three_languages_and_no_draft(client):
    WorkshopFactory(slug="public-one")
    WorkshopFactory(slug="secret-draft", is_published=False)
    sitemap = client.get(reverse("sitemap")).content.decode()
    for language in ("en", "fr", "es"):
        assert f"/{language}/</loc>" in sitemap
        assert f"/{language}/workshops/2009/</loc>" in sitemap
        assert f"/{language}/workshops/2009/public-one/</loc>" in sitemap
    assert "secret-draft" not in sitemap


@pytest.mark.parametrize(
    ("language", "text"),
    [("fr", "Ateliers"), ("es", "Talleres"), ("en", "Workshops")],
)
def test_pages_live_under_a_language_prefix(client, language, text):
    with translation.override(language):
        url = reverse("home")
    assert url == f"/{language}/"
    page = client.get(url).content.decode()
    assert f'<html lang="{language}">' in page
    assert text in page


def test_the_root_redirects_to_a_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 302
    assert response.headers["Location"] == "/es/"

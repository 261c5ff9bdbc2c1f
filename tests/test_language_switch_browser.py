"""The language switch, in Chromium: with a French browser and a language cookie set to
English, pressing ES on an /en/ page lands on the Spanish page of the same object, and the
choice is remembered for the next visit. Cached pages (language links) and the others (the
language form) both."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tests.conftest import watch_csp_violations
from tests.factories import WorkshopFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("static_files_by_name"),
]


@pytest.fixture(params=["en", None], ids=["cookie says English", "no cookie"])
def french_tab(browser, live_server, request):
    """A tab of a French browser (Accept-Language fr-FR) whose language cookie says English,
    or that has none (a French delegate opening an /en/ link from an e-mail)."""
    context = browser.new_context(locale="fr-FR")
    context.set_default_timeout(15_000)
    if request.param:
        context.add_cookies(
            [
                {
                    "name": settings.LANGUAGE_COOKIE_NAME,
                    "value": request.param,
                    "url": live_server.url,
                }
            ]
        )
    tab, violations = watch_csp_violations(context)
    yield tab
    context.close()
    assert not violations, violations


def language_cookie(tab):
    cookies = {cookie["name"]: cookie["value"] for cookie in tab.context.cookies()}
    return cookies.get(settings.LANGUAGE_COOKIE_NAME)


@pytest.mark.parametrize(
    "page_name", ["workshop page (cached, links)", "sign-in page (the language form)"]
)
def test_es_on_an_english_page_lands_on_the_spanish_page_and_is_remembered(
    live_server, french_tab, page_name
):
    workshop = WorkshopFactory(slug="lisbon", is_published=True, title="Lisbon workshop")
    if page_name.startswith("workshop"):
        english = workshop.get_absolute_url()
        with translation.override("es"):
            spanish = workshop.get_absolute_url()
    else:
        english = reverse("account_login")
        with translation.override("es"):
            spanish = reverse("account_login")
    assert english.startswith("/en/")
    assert spanish.startswith("/es/")

    french_tab.goto(live_server.url + english)
    assert french_tab.locator("html").get_attribute("lang") == "en"
    french_tab.locator(".language-switcher [lang=es]").click()
    french_tab.wait_for_url(live_server.url + spanish)
    assert french_tab.locator("html").get_attribute("lang") == "es"
    assert language_cookie(french_tab) == "es"

    # The next visit, from the bare address, opens in Spanish (not French, not English).
    french_tab.goto(live_server.url + "/")
    assert french_tab.url == live_server.url + "/es/"
    # ... and FR on a Spanish page moves it to French.
    french_tab.locator(".language-switcher [lang=fr]").click()
    french_tab.wait_for_url(live_server.url + "/fr/")
    assert language_cookie(french_tab) == "fr"

"""Every HTML page of the portal, opened in Chromium as the Secretariat and as a delegate on
the demo's IDM 2009 world, runs under the Content-Security-Policy with no violation: no
inline script, handler or style left anywhere (the page fixture fails the test on any)."""

import pytest
from django.conf import settings
from django.test import Client

from tests.test_bad_input import demo_world, portal_urls

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(settings, tmp_path):
    return demo_world(settings, tmp_path)


def html_pages(urls, client):
    """The URLs that answer an HTML page (downloads, redirects and refusals left out)."""
    pages = []
    for url in urls:
        response = client.get(url)
        if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            pages.append(url)
    return pages


@pytest.mark.parametrize("role", ["secretariat", "delegate"])
def test_every_page_runs_without_a_csp_violation(live_server, page, world, role):
    client = Client()
    client.force_login(world[role])
    urls = html_pages(portal_urls(world), client)
    assert len(urls) > (40 if role == "secretariat" else 20)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    for url in urls:
        response = page.goto(live_server.url + url)
        assert response.status == 200, url
        page.wait_for_load_state("load")
    assert page.locator("#user-menu").inner_text() == world[role].get_full_name()

"""axe-core (vendored from the npm registry, static/vendor/axe-core/) over every HTML page of
the portal, in Chromium, on the demo's IDM 2009 world, as each role that can see the page:
no violation of the WCAG 2.0/2.1 A and AA rules.

Every named URL pattern of the portal is walked (``portal_urls`` fails on a pattern it does
not know, so a new page cannot go without an axe check); the pages of the role tables are all
among them. The full matrix: every page each role can see, in English, French and Spanish."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import translation

from tests.test_bad_input import demo_world, portal_urls

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("static_files_by_name"),
]


AXE = "vendor/axe-core/axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + " :: " + n.failureSummary),
  }));
}"""


@pytest.fixture
def world(settings, tmp_path):
    world = demo_world(settings, tmp_path)
    world["focal_point"] = (
        get_user_model().objects.filter(email__startswith="focal.").order_by("pk").first()
    )
    world["anonymous"] = None
    return world


# Not the portal's own page: the API's documentation is Swagger UI, vendored whole for the
# developers of other systems; its colours and nested controls are Swagger's (an open gap,
# named in the README's API section).
NOT_OURS = ("/api/v1/docs/",)


def html_pages(urls, client):
    """The URLs that answer an HTML page (downloads, redirects, refusals and htmx fragments
    left out: a fragment is checked inside the page that loads it)."""
    pages = []
    for url in urls:
        if url in NOT_OURS:
            continue
        response = client.get(url)
        if (
            response.status_code == 200
            and "text/html" in response.get("Content-Type", "")
            and b"<html" in response.content[:200]
        ):
            pages.append(url)
    return pages


def in_language(url, language):
    return url.replace("/en/", f"/{language}/", 1) if url.startswith("/en/") else url


def axe_violations(page, live_server, url):
    """Opens ``url`` and runs axe-core on it; the script is served by the live server
    (script-src 'self'), as an inline copy would break the Content-Security-Policy."""
    response = page.goto(live_server.url + url)
    assert response.status == 200, url
    page.wait_for_load_state("load")
    page.add_script_tag(url=f"{live_server.url}{settings.STATIC_URL}{AXE}")
    return page.evaluate(RUN_AXE, WCAG_AA)


def report(found):
    """The violations by rule: the pages where each occurs and its first nodes."""
    by_rule = {}
    for url, violations in found.items():
        for violation in violations:
            by_rule.setdefault(violation["id"], (violation, []))[1].append(url)
    lines = []
    for rule, (violation, urls) in by_rule.items():
        lines.append(f"{rule} ({violation['impact']}) {violation['help']} on {len(urls)} pages:")
        lines.extend(f"    {url}" for url in urls[:8])
        lines.extend(f"    * {node}" for node in violation["nodes"])
    return "\n".join(lines)


@pytest.mark.parametrize("role", ["anonymous", "delegate", "focal_point", "secretariat"])
def test_every_page_has_no_wcag_aa_violation(live_server, page, world, role):
    client = Client()
    if world[role] is not None:
        client.force_login(world[role])
    with translation.override("en"):
        urls = html_pages(portal_urls(world), client)
    assert len(urls) > {"anonymous": 5, "delegate": 20, "focal_point": 20, "secretariat": 40}[role]
    if world[role] is not None:
        page.context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
    covered, found = [], {}
    for language in ("en", "fr", "es"):
        for url in urls:
            address = in_language(url, language)
            violations = axe_violations(page, live_server, address)
            covered.append(address)
            if violations:
                found[address] = violations
    print(f"axe-core checked {len(covered)} pages as {role}:", *covered, sep="\n  ")
    assert not found, f"WCAG A/AA violations as {role}:\n{report(found)}"

"""Focus after htmx swaps (issue 14, WCAG 2.4.3): a keyboard user who presses a button that
htmx replaces lands on the new content's field, heading or control, never on <body> at the
top of the page (static/js/portal.js). The agenda editor (edit, cancel, speakers, delete) and
the chair's list of speakers; and the editor's live-region sentence in French and Spanish.
Headless Chromium on a live server, the keyboard only."""

import datetime as dt

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.conftest import browser_sign_in
from tests.factories import OrganizationFactory, SecretariatFactory, SessionFactory, WorkshopFactory
from workshops.services import speakers_list

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("static_files_by_name"),
]

DAY = dt.date(2009, 3, 25)
ACTIVE = """() => {
  const element = document.activeElement;
  return {tag: element.tagName, id: element.id, text: element.textContent.trim(),
          classes: element.className, inForm: !!element.closest("form")};
}"""


@pytest.fixture
def workshop():
    workshop = WorkshopFactory(slug="human-rights", start_date=DAY, end_date=DAY)
    for order, title in enumerate(["Opening remarks", "Keynote address", "Closing"], start=1):
        SessionFactory(
            workshop=workshop,
            date=DAY,
            title=title,
            start_time=dt.time(9 + order),
            end_time=dt.time(10 + order),
            order=order,
        )
    return workshop


def settled(page):
    page.wait_for_function(
        "() => !document.querySelector("
        "'.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')"
    )


def press(page, locator, key="Enter"):
    """Focus a control and press a key on it, as a keyboard user does; wait for htmx."""
    locator.focus()
    page.keyboard.press(key)
    settled(page)
    return page.evaluate(ACTIVE)


def test_focus_follows_the_agenda_editors_swaps(live_server, page, workshop):
    SecretariatFactory(email="sam@example.org")
    browser_sign_in(page, live_server, "sam@example.org")
    page.goto(live_server.url + reverse("workshops:editor", args=[2009, workshop.slug]))
    card = page.locator(".session-card", has_text="Keynote address")

    # Edit: the form's first field.
    active = press(page, card.get_by_role("button", name="Edit Keynote address"))
    assert (active["tag"], active["inForm"]) == ("INPUT", True), active
    # Cancel: the card again, its title.
    active = press(page, page.locator(".session-form").get_by_role("button", name="Cancel"))
    assert (active["tag"], active["text"]) == ("H3", "Keynote address"), active

    # A speaker: the search field; Done: the "+ Speaker" button again.
    active = press(page, card.get_by_role("button", name="Speaker Keynote address"))
    assert "speaker-search" in active["classes"], active
    active = press(page, card.get_by_role("button", name="Done"))
    assert "add-speaker" in active["classes"], active

    # Delete (after the confirmation): the card is gone, the day's heading has the focus.
    page.once("dialog", lambda dialog: dialog.accept())
    active = press(page, card.get_by_role("button", name="Delete Keynote address"))
    assert active["id"] == "day-2009-03-25-heading", active
    expect(page.locator(".session-title")).to_have_text(["Opening remarks", "Closing"])


@pytest.mark.parametrize(
    ("language", "announced"),
    [
        ("fr", "« Opening remarks » est maintenant la séance 2 sur 3 de ce jour."),
        ("es", "«Opening remarks» es ahora la sesión 2 de 3 de este día."),
    ],
)
def test_the_editors_live_region_speaks_the_pages_language(
    live_server, page, workshop, language, announced
):
    """Its sentence is written in the page with its placeholders (%(title)s ...) for the
    script to fill: the catalogue's translation must reach the page."""
    SecretariatFactory(email="sam@example.org")
    browser_sign_in(page, live_server, "sam@example.org")
    page.goto(
        live_server.url
        + reverse("workshops:editor", args=[2009, workshop.slug]).replace("/en/", f"/{language}/")
    )
    card = page.locator(".session-card", has_text="Opening remarks")
    active = press(page, card.locator(".session-move[data-move=down]"))
    expect(page.locator("#editor-announcer")).to_have_text(announced)
    assert active["tag"] == "BUTTON", active


def test_focus_stays_on_the_chairs_list_after_giving_the_floor(live_server, page, secretariat):
    workshop = WorkshopFactory(slug="trafficking")
    session = SessionFactory(
        workshop=workshop, title="General discussion", kind="general_discussion"
    )
    room = speakers_list.open_speakers_list(session, actor=secretariat)
    for name in ("UNHCR", "ILO"):
        speakers_list.ask_for_floor(
            room,
            actor=secretariat,
            organization=OrganizationFactory(name=name, kind="international_organization"),
        )
    browser_sign_in(page, live_server, secretariat.email)
    page.goto(
        live_server.url
        + reverse(
            "workshops:speakers_chair", args=[workshop.idm_year.year, workshop.slug, session.pk]
        )
    )
    give = page.locator("#chair-room").get_by_role("button", name="Give the floor").first
    active = press(page, give)
    # The one who asked is no longer waiting: the focus is on the heading of who has the floor.
    assert active["tag"] != "BODY", active
    assert page.evaluate(
        "() => document.getElementById('chair-room').contains(document.activeElement)"
    )
    expect(page.locator(".chair-speaker")).to_contain_text("UNHCR")

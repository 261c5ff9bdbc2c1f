"""The agenda editor as the Secretariat uses it: sign in, drag a session to its new place,
see the order kept after a reload, publish, and read the same order on the public agenda.
Headless Chromium on a live server."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.conftest import browser_sign_in
from tests.factories import (
    PASSWORD,
    SecretariatFactory,
    SessionFactory,
    SpeakerFactory,
    WorkshopFactory,
    totp_code,
)
from workshops.models import AgendaRelease, Session

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("static_files_by_name"),
]

DAY_1 = dt.date(2009, 3, 25)
DAY_2 = dt.date(2009, 3, 26)


@pytest.fixture
def workshop():
    workshop = WorkshopFactory(
        title="Effective Respect for the Human Rights of Migrants",
        slug="human-rights",
        start_date=DAY_1,
        end_date=DAY_2,
    )
    for order, (title, start, end) in enumerate(
        [
            ("Opening remarks", (9, 30), (10, 0)),
            ("Keynote address", (10, 0), (10, 45)),
            ("Panel I: A shared responsibility", (11, 0), (12, 30)),
        ],
        start=1,
    ):
        SessionFactory(
            workshop=workshop,
            date=DAY_1,
            title=title,
            start_time=dt.time(*start),
            end_time=dt.time(*end),
            order=order,
        )
    SessionFactory(workshop=workshop, date=DAY_2, title="Panel III", order=1)
    return workshop


sign_in = browser_sign_in  # the shared sign-in (types the TOTP code where MFA asks)


def settled(page):
    """Wait until htmx has finished swapping and settling: only then are the new elements'
    hx- attributes live (htmx binds new content while it settles, some milliseconds after
    the new text is visible), so an input typed into earlier would send nothing."""
    page.wait_for_function(
        "() => !document.querySelector("
        "'.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')"
    )


def drag(page, handle, onto):
    """Press on ``handle``, move in small steps to the top edge of ``onto``, release: the
    mouse events SortableJS's fallback mode listens to."""
    start = handle.bounding_box()
    target = onto.bounding_box()
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] - 10, steps=5)
    page.mouse.move(target["x"] + target["width"] / 2, target["y"] + 4, steps=25)
    page.mouse.up()


def test_dragging_the_third_session_above_the_first_reorders_the_day_everywhere(
    live_server, page, workshop
):
    SecretariatFactory(email="sam@example.org", name="Sam Secretariat")
    sign_in(page, live_server, "sam@example.org")
    editor_url = live_server.url + reverse(
        "workshops:editor", args=[workshop.idm_year.year, workshop.slug]
    )
    page.goto(editor_url)
    day_titles = page.locator("#day-2009-03-25 .session-title")
    expect(day_titles).to_have_text(
        ["Opening remarks", "Keynote address", "Panel I: A shared responsibility"]
    )

    cards = page.locator("#day-2009-03-25 .session-card")
    with page.expect_response(
        lambda response: (
            response.url.endswith("/editor/reorder/") and response.request.method == "POST"
        )
    ) as reordered:
        drag(page, cards.nth(2).locator(".drag-handle"), cards.nth(0))
    assert reordered.value.status == 200

    new_order = ["Panel I: A shared responsibility", "Opening remarks", "Keynote address"]
    assert (
        list(Session.objects.filter(date=DAY_1).order_by("order").values_list("title", flat=True))
        == new_order
    )
    page.reload()
    expect(day_titles).to_have_text(new_order)
    expect(page.locator("#day-2009-03-26 .session-title")).to_have_text(["Panel III"])

    # Publishing e-mails speakers: the editor asks first.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Publish release 1").click()
    expect(page.get_by_text("Release 1 of the agenda is published.")).to_be_visible()
    expect(page.locator("#agenda-state")).to_contain_text("matches the published release")
    release = AgendaRelease.objects.get()
    assert [item["title"] for item in release.sessions] == [*new_order, "Panel III"]

    page.get_by_role("link", name="Public agenda").click()
    expect(page).to_have_url(re.compile(r"/agenda/$"))
    expect(page.locator(".agenda-day").first.locator(".session-title")).to_have_text(new_order)


def test_a_session_is_added_edited_and_given_a_speaker_without_a_reload(
    live_server, page, workshop
):
    SecretariatFactory(email="sam@example.org", name="Sam Secretariat")
    sign_in(page, live_server, "sam@example.org")
    page.goto(
        live_server.url + reverse("workshops:editor", args=[workshop.idm_year.year, workshop.slug])
    )
    page.evaluate("window.notReloaded = true")
    day_2 = page.locator("#day-2009-03-26")

    day_2.get_by_role("button", name="Add a session").click()
    form = day_2.locator("form.session-form")
    form.get_by_role("group", name="Title").get_by_label("English").fill(
        "Panel IV: Migrant workers"
    )
    form.get_by_label("Room").fill("Room XVII")
    form.get_by_label("Starts").fill("10:30")
    form.get_by_label("Ends").fill("10:15")
    form.get_by_role("button", name="Add the session").click()
    expect(form).to_contain_text("A session cannot end before it starts (or when it starts).")
    settled(page)
    form.get_by_label("Ends").fill("12:00")
    form.get_by_role("button", name="Add the session").click()
    expect(page.locator("#day-2009-03-26 .session-title")).to_have_text(
        ["Panel III", "Panel IV: Migrant workers"]
    )
    # Panel III is 10:00–11:00 in Room XVII too.
    expect(page.locator("#agenda-warnings")).to_contain_text(
        "“Panel III” and “Panel IV: Migrant workers” overlap in Room XVII"
    )
    expect(page.locator("#agenda-state")).to_contain_text("Draft — not yet published")
    panel_3 = page.locator(".session-card", has_text="Panel III")
    expect(panel_3).to_have_class(re.compile(r"\bhas-warning\b"))

    card = page.locator(".session-card", has_text="Panel IV: Migrant workers")
    settled(page)
    card.get_by_role("button", name="Edit").click()
    card_form = page.locator(".session-card.editing")
    settled(page)
    card_form.get_by_label("Starts").fill("11:00")
    card_form.get_by_role("button", name="Save").click()
    expect(page.locator("#agenda-warnings")).to_contain_text("No warnings")
    expect(panel_3).not_to_have_class(re.compile(r"\bhas-warning\b"))
    card = page.locator(".session-card", has_text="Panel IV: Migrant workers")
    expect(card).to_contain_text("11:00–12:00")

    settled(page)
    card.get_by_role("button", name="+ Speaker").click()
    settled(page)
    card.get_by_text("Not in the list? Create a speaker").click()
    card.get_by_label("Name").fill("Grace Mwangi")
    card.get_by_label("Organization").fill("Government of Kenya")
    card.get_by_label("Role").last.select_option("moderator")
    card.get_by_role("button", name="Create and add").click()
    expect(card.locator(".speaker-list")).to_contain_text("Moderator Grace Mwangi")

    settled(page)
    card.get_by_label("Find a speaker").fill("kenya")
    expect(card.locator(".speaker-results")).to_contain_text("No speaker matches “kenya”.")
    assert page.evaluate("window.notReloaded") is True


def test_a_refused_order_is_explained_and_the_day_put_back(live_server, page, workshop):
    SecretariatFactory(email="sam@example.org", name="Sam Secretariat")
    sign_in(page, live_server, "sam@example.org")
    page.goto(
        live_server.url + reverse("workshops:editor", args=[workshop.idm_year.year, workshop.slug])
    )
    # A stale page: one card of the day is gone from it, and the rest are dragged around.
    page.locator("#day-2009-03-25 .session-card").nth(1).evaluate("card => card.remove()")
    cards = page.locator("#day-2009-03-25 .session-card")
    with page.expect_response(lambda response: response.url.endswith("/editor/reorder/")):
        drag(page, cards.nth(1).locator(".drag-handle"), cards.nth(0))

    expect(page.locator("#editor-alert")).to_have_text(
        "The order must list every session of that day once."
    )
    expect(page.locator("#day-2009-03-25 .session-title")).to_have_text(
        ["Opening remarks", "Keynote address", "Panel I: A shared responsibility"]
    )
    assert list(
        Session.objects.filter(date=DAY_1).order_by("order").values_list("title", flat=True)
    ) == ["Opening remarks", "Keynote address", "Panel I: A shared responsibility"]


def keyboard_sign_in(page, live_server, email):
    """Signs in with the keyboard only: type, Tab, Enter."""
    page.goto(f"{live_server.url}{reverse('account_login')}")
    page.locator("input[name=login]").focus()
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.locator("#user-menu, input[name=code]").first.wait_for()
    if page.locator("input[name=code]").count():
        page.locator("input[name=code]").focus()
        page.keyboard.type(totp_code())
        page.keyboard.press("Enter")
    expect(page.locator("#user-menu")).to_be_visible()


def tab_to(page, locator, limit=400):
    """Presses Tab until ``locator`` has the focus, as a keyboard user would."""
    for _ in range(limit):
        if locator.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Tab")
    pytest.fail(f"Tab never reached {locator}")


def test_with_the_keyboard_only_a_session_moves_up_and_down_and_a_release_is_published(
    live_server, page, workshop
):
    SecretariatFactory(email="sam@example.org", name="Sam Secretariat")
    speaker_session = Session.objects.get(title="Keynote address")
    speaker_session.speakers.create(speaker=SpeakerFactory(title="", name="Maria Lopez"))
    keyboard_sign_in(page, live_server, "sam@example.org")
    page.goto(
        live_server.url + reverse("workshops:editor", args=[workshop.idm_year.year, workshop.slug])
    )
    day_titles = page.locator("#day-2009-03-25 .session-title")
    announcer = page.locator("#editor-announcer")

    up = page.get_by_role("button", name="Move “Panel I: A shared responsibility” up")
    tab_to(page, up)
    page.keyboard.press("Enter")
    expect(day_titles).to_have_text(
        ["Opening remarks", "Panel I: A shared responsibility", "Keynote address"]
    )
    expect(announcer).to_have_text(
        "“Panel I: A shared responsibility” is now session 2 of 3 on this day."
    )
    # The focus stays on the moved session's button: pressing again moves it again.
    expect(up).to_be_focused()
    page.keyboard.press("Space")
    expect(day_titles).to_have_text(
        ["Panel I: A shared responsibility", "Opening remarks", "Keynote address"]
    )
    expect(announcer).to_contain_text("is now session 1 of 3")
    down = page.get_by_role("button", name="Move “Opening remarks” down")
    tab_to(page, down)
    page.keyboard.press("Enter")
    expect(day_titles).to_have_text(
        ["Panel I: A shared responsibility", "Keynote address", "Opening remarks"]
    )
    expect(announcer).to_have_text("“Opening remarks” is now session 3 of 3 on this day.")
    expect(down).to_be_disabled()  # the last of the day
    assert list(
        Session.objects.filter(date=DAY_1).order_by("order").values_list("title", flat=True)
    ) == ["Panel I: A shared responsibility", "Keynote address", "Opening remarks"]

    # Removing a speaker asks first; declining keeps the speaker.
    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    tab_to(page, page.get_by_role("button", name="Remove Maria Lopez from “Keynote address”"))
    page.keyboard.press("Space")
    expect(page.locator(".speaker-name", has_text="Maria Lopez")).to_be_visible()
    assert questions == ["Remove Maria Lopez from “Keynote address”?"]
    assert speaker_session.speakers.count() == 1

    # Publishing asks first too; accepting publishes.
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    tab_to(page, page.get_by_role("button", name="Publish release 1"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("Release 1 of the agenda is published.")).to_be_visible()
    assert questions[-1].startswith("Publish release 1?")
    assert AgendaRelease.objects.count() == 1

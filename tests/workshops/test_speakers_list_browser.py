"""The list of speakers in two browsers: a delegate asks for the floor from a phone-size
page, the chair's queue shows the request without a reload, the chair gives the floor, and
the projector view shows the speaker and the countdown running. Headless Chromium on a live
server; htmx polling refreshes the chair's queue and the projector."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import (
    PASSWORD,
    MemberStateFactory,
    OrganizationFactory,
    SessionFactory,
    WorkshopFactory,
)
from tests.workshops.test_editor_browser import sign_in
from workshops.services import speakers_list as services

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("static_files_by_name"),
]


def test_a_delegate_asks_for_the_floor_and_the_chair_gives_it(
    live_server, page, browser, secretariat, focal_point
):
    workshop = WorkshopFactory(
        slug="trafficking", start_date=dt.date(2009, 7, 9), end_date=dt.date(2009, 7, 10)
    )
    session = SessionFactory(
        workshop=workshop, title="General discussion", kind="general_discussion"
    )
    speakers_list = services.open_speakers_list(session, actor=secretariat)
    services.ask_for_floor(
        speakers_list,
        actor=secretariat,
        organization=OrganizationFactory(name="UNHCR", kind="international_organization"),
    )
    MemberStateFactory(country="CH", name="Switzerland")
    args = [workshop.idm_year.year, workshop.slug, session.pk]
    errors = []

    # The chair (the Secretariat) on a laptop.
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    sign_in(page, live_server, secretariat.email)
    page.goto(live_server.url + reverse("workshops:speakers_chair", args=args))
    queue = page.locator(".speakers-queue .queue-name")
    expect(queue).to_have_text(["UNHCR"])

    # The delegate (Switzerland's focal point) on a phone.
    phone_context = browser.new_context(locale="en-GB", viewport={"width": 390, "height": 844})
    phone_context.set_default_timeout(15_000)
    phone = phone_context.new_page()
    phone.on("console", lambda message: message.type == "error" and errors.append(message.text))
    # On a phone the user menu folds into "Menu": the sign-in message says it worked.
    phone.goto(live_server.url + reverse("account_login"))
    phone.locator("input[name=login]").fill(focal_point.email)
    phone.locator("input[name=password]").fill(PASSWORD)
    phone.get_by_role("button", name="Sign In").click()
    expect(phone.get_by_role("status")).to_contain_text("Successfully signed in")
    phone.goto(live_server.url + reverse("workshops:floor", args=args))
    phone.get_by_role("button", name="Ask for the floor for Switzerland").click()
    expect(phone.locator(".floor-state")).to_have_text(
        "Switzerland is number 1 on the list of speakers."
    )

    # The chair's queue shows it without a reload: member states before organizations.
    expect(queue).to_have_text(["Switzerland", "UNHCR"])
    chair_url = page.url

    # The projector, full screen in another tab of the chair's browser.
    projector = page.context.new_page()
    projector.on("console", lambda message: message.type == "error" and errors.append(message.text))
    projector.goto(live_server.url + reverse("workshops:speakers_projector", args=args))
    expect(projector.locator(".projector-list li")).to_have_text(["Switzerland", "UNHCR"])
    expect(projector.locator(".no-speaker")).to_have_text("Nobody has the floor.")

    page.get_by_role("button", name="Give the floor to Switzerland").click()
    expect(page.locator(".current-speaker")).to_have_text("Switzerland")
    assert page.url == chair_url

    # The projector shows the speaker and the countdown, running (3:00, then below).
    expect(projector.locator(".current-speaker")).to_have_text("Switzerland")
    countdown = projector.locator(".countdown-time")
    expect(countdown).to_have_text(re.compile(r"^[23]:\d\d$"))
    expect(countdown).to_have_text(re.compile(r"^2:5\d$"))
    expect(projector.locator("progress.countdown-bar")).to_have_attribute("max", "180")
    expect(projector.locator(".projector-list li")).to_have_text(["UNHCR"])

    # The delegate's phone says it has the floor.
    expect(phone.locator(".floor-state")).to_have_text("Switzerland has the floor.")
    phone_context.close()
    assert errors == []

"""A focal point votes in headless Chromium, changes the ballot and sees that the member
state has voted; after the close the Secretariat sees the result, with its chart, and adopts
the winning theme."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from consultations.models import Ballot, VotingRound
from idm_portal.core.models import IdmYear
from tests.conftest import browser_sign_in, watch_csp_violations
from tests.factories import (
    FocalPointFactory,
    SecretariatFactory,
    ThemeProposalFactory,
    VotingRoundFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("static_files_by_name"),
]


sign_in = browser_sign_in  # the shared sign-in (types the TOTP code where MFA asks)


def test_a_focal_point_votes_changes_and_the_secretariat_adopts(live_server, page, browser):
    south = ThemeProposalFactory(title="South-South Migration", order=1)
    social = ThemeProposalFactory(title="Migration and Social Change", order=2)
    voting_round = VotingRoundFactory(
        title="Selection of the overarching theme for IDM 2010", proposals=[south, social]
    )
    focal = FocalPointFactory(
        user__email="focal.ch@example.org",
        member_state__country="CH",
        member_state__name="Switzerland",
    )
    SecretariatFactory(email="secretariat@example.org")

    sign_in(page, live_server, "focal.ch@example.org")
    page.get_by_role("link", name="Theme consultations").first.click()
    page.get_by_role("link", name="Selection of the overarching theme for IDM 2010").click()
    expect(page.locator(".my-state-status")).to_have_text(
        "Your member state (Switzerland) has not voted yet."
    )
    page.get_by_role("link", name="Vote or change the ballot").click()
    page.get_by_label("South-South Migration").check()
    page.get_by_role("button", name="Cast the ballot").click()
    expect(page.get_by_role("status").first).to_have_text("Your member state has voted.")
    expect(page.locator(".my-state-status")).to_have_text(
        "Your member state has voted (Switzerland)."
    )

    page.get_by_role("link", name="Vote or change the ballot").click()
    expect(page.get_by_label("South-South Migration")).to_be_checked()
    page.get_by_label("Migration and Social Change").check()
    page.get_by_role("button", name="Cast the ballot").click()
    expect(page.get_by_role("status").first).to_have_text("Your member state's ballot is changed.")
    expect(page.locator(".my-state-status")).to_contain_text("Your member state has voted")
    expect(page.locator("table.participation tbody tr")).to_have_count(1)
    # One way to write a moment (issue 14): Geneva's time, the zone named, the page's language.
    expect(page.locator("table.participation time").first).to_contain_text("(Geneva time)")
    ballot = Ballot.objects.get()
    assert (ballot.member_state, ballot.ranking) == (focal.member_state, [social.pk])

    VotingRound.objects.filter(pk=voting_round.pk).update(
        closes_at=timezone.now() - dt.timedelta(seconds=1)
    )
    # The Secretariat's browser is in Manila: times still show in Geneva time, the zone named
    # (one way to write a moment everywhere, as in the e-mails; issue 14).
    context = browser.new_context(
        locale="en-GB", timezone_id="Asia/Manila", viewport={"width": 1280, "height": 900}
    )
    # Its tab is checked for CSP violations like the page fixture's (the chart draws here).
    secretariat_page, violations = watch_csp_violations(context)
    try:
        sign_in(secretariat_page, live_server, "secretariat@example.org")
        secretariat_page.goto(f"{live_server.url}/en/consultations/rounds/{voting_round.pk}/")
        expect(secretariat_page.locator(".round-facts time").last).to_contain_text("(Geneva time)")
        secretariat_page.get_by_role("link", name="Result", exact=True).click()
        expect(secretariat_page.locator(".winner")).to_have_text(
            "Winner: Migration and Social Change"
        )
        expect(secretariat_page.locator(".quorum")).to_contain_text("quorum met")
        # Chart.js drew the chart (its script may still be loading when the text shows). A
        # function, not an expression: Playwright evaluates expressions with eval(), which
        # the page's Content-Security-Policy refuses.
        secretariat_page.wait_for_function(
            "() => typeof Chart !== 'undefined'"
            " && Chart.getChart(document.getElementById('round-chart')) !== undefined"
        )
        secretariat_page.get_by_role("button", name="Adopt “Migration and Social Change”").click()
        expect(secretariat_page.locator(".adopted")).to_have_text(
            "Adopted: “Migration and Social Change” is the overarching theme of IDM 2010."
        )
    finally:
        context.close()
    assert not violations, f"Content-Security-Policy violations: {violations}"
    assert IdmYear.objects.get(year=2010).overarching_theme == "Migration and Social Change"


def test_a_focal_point_casts_a_ballot_with_the_keyboard_only(live_server, page):
    from tests.workshops.test_editor_browser import keyboard_sign_in, tab_to

    south = ThemeProposalFactory(title="South-South Migration", order=1)
    social = ThemeProposalFactory(title="Migration and Social Change", order=2)
    voting_round = VotingRoundFactory(
        title="Selection of the overarching theme for IDM 2010", proposals=[south, social]
    )
    focal = FocalPointFactory(
        user__email="focal.ch@example.org",
        member_state__country="CH",
        member_state__name="Switzerland",
    )
    keyboard_sign_in(page, live_server, "focal.ch@example.org")
    page.goto(f"{live_server.url}/en/consultations/rounds/{voting_round.pk}/")
    tab_to(page, page.get_by_role("link", name="Vote or change the ballot"))
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_label("South-South Migration"))
    page.keyboard.press("ArrowDown")  # the next choice of the radio group
    expect(page.get_by_label("Migration and Social Change")).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Cast the ballot"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").first).to_have_text("Your member state has voted.")
    ballot = Ballot.objects.get()
    assert (ballot.member_state, ballot.ranking) == (focal.member_state, [social.pk])

"""A speaker suggestion as people make it: a focal point suggests a speaker for workshop 2,
the Secretariat accepts it and adds the speaker to the speakers, and the focal point sees
"Accepted" under "My suggestions". Headless Chromium on a live server."""

import pytest
from playwright.sync_api import expect

from idm_portal.core.models import OutgoingMail
from tests.conftest import watch_csp_violations
from tests.factories import FocalPointFactory, SecretariatFactory, WorkshopFactory
from tests.workshops.test_editor_browser import sign_in
from workshops.models import Speaker, Suggestion

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("static_files_by_name"),
]


def test_focal_point_suggests_a_speaker_the_secretariat_accepts_and_adds_them(
    live_server, browser, page
):
    workshop = WorkshopFactory(
        ordinal=2,
        title="Trafficking and Exploitation of Migrants",
        slug="trafficking",
    )
    FocalPointFactory(
        user__email="focal.ph@example.org",
        user__name="Paolo Focal",
        member_state__country="PH",
        member_state__name="Philippines",
    )
    SecretariatFactory(email="sam@example.org", name="Sam Secretariat")

    # The focal point suggests a speaker from the workshop's page.
    sign_in(page, live_server, "focal.ph@example.org")
    page.goto(f"{live_server.url}{workshop.get_absolute_url()}")
    page.get_by_role("link", name="Suggest a case study, a speaker or other input").click()
    expect(
        page.get_by_role("heading", name="Suggest a case study, a speaker or other input")
    ).to_be_visible()
    expect(page.get_by_label("Name of the speaker")).to_be_hidden()  # until "Speaker"
    page.get_by_label("Speaker", exact=True).check()
    page.get_by_label("Title").fill("Protecting domestic workers abroad")
    page.get_by_label("Description").fill("She drafted the **standard contract**.")
    page.get_by_label("Name of the speaker").fill("Ms Maria Santos")
    page.get_by_label("Position").fill("Director, Welfare and Employment")
    page.get_by_label("Organization").fill("Philippine Overseas Employment Administration")
    page.get_by_label("E-mail address").fill("m.santos@example.org")
    page.get_by_label("Telephone").fill("+63 2 8722 1144")
    page.get_by_role("button", name="Send the suggestion").click()

    expect(page.get_by_role("heading", name="My suggestions")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text(
        "your suggestion “Protecting domestic workers abroad” is sent to the Secretariat"
    )
    row = page.locator("table.my-suggestions tbody tr")
    expect(row).to_have_count(1)
    expect(row.locator(".status")).to_have_text("Submitted")

    # The Secretariat, in its own browser, accepts the suggestion and adds the speaker.
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    # Its tab is checked for CSP violations like the page fixture's.
    secretariat, violations = watch_csp_violations(context)
    try:
        sign_in(secretariat, live_server, "sam@example.org")
        secretariat.goto(f"{live_server.url}{workshop.get_absolute_url()}")
        secretariat.get_by_role("link", name="Suggestions").click()
        listed = secretariat.locator("table.suggestions tbody tr")
        expect(listed).to_have_count(1)
        expect(listed).to_contain_text("Philippines")
        listed.get_by_role("link", name="Protecting domestic workers abroad").click()
        expect(secretariat.locator(".suggested-speaker")).to_contain_text("m.santos@example.org")
        expect(secretariat.locator(".suggestion-description strong")).to_have_text(
            "standard contract"
        )
        secretariat.get_by_label("Note to the member state (optional)").fill(
            "She would suit Session II."
        )
        secretariat.get_by_role("button", name="Accept").click()
        expect(secretariat.get_by_role("status")).to_have_text(
            "The suggestion is accepted; the member state is told by e-mail."
        )
        secretariat.get_by_role("button", name="Add to the speakers").click()
        expect(secretariat.get_by_role("status")).to_have_text(
            "Ms Maria Santos is added to the speakers: give them a session in the agenda editor."
        )
        expect(secretariat.locator(".speaker-added")).to_contain_text("Ms Maria Santos")
        expect(secretariat.get_by_role("button", name="Add to the speakers")).to_have_count(0)
    finally:
        context.close()
    assert not violations, f"Content-Security-Policy violations: {violations}"

    # The focal point sees the decision.
    page.reload()
    expect(row.locator(".status")).to_contain_text("Accepted")
    expect(row.locator(".decision-reason")).to_have_text("She would suit Session II.")
    suggestion = Suggestion.objects.get()
    assert suggestion.status == "accepted"
    speaker = Speaker.objects.get()
    assert suggestion.speaker == speaker
    assert (speaker.name, speaker.email) == ("Ms Maria Santos", "m.santos@example.org")
    mail = OutgoingMail.objects.get(template="workshops/email/suggestion_accepted")
    assert mail.to == "focal.ph@example.org"
    assert mail.subject == "Suggestion accepted: Protecting domestic workers abroad"

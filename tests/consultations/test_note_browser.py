"""The Secretariat writes a discussion note in the editor and watches the preview: the
numbering and the footnote mistakes follow the text as it is typed, without a reload.
Headless Chromium on a live server."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import DiscussionNoteFactory, SecretariatFactory
from tests.workshops.test_editor_browser import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("static_files_by_name"),
]


def test_the_preview_follows_the_text_as_the_secretariat_types(live_server, page):
    note = DiscussionNoteFactory(status="draft")
    SecretariatFactory(email="sam@example.org", name="Sam Secretariat")
    sign_in(page, live_server, "sam@example.org")
    page.goto(live_server.url + reverse("consultations:note_edit", args=[note.pk]))
    preview = page.locator("#note-preview")
    expect(preview.locator(".note-counts")).to_have_text("2 numbered paragraphs · 1 footnote")
    page.evaluate("window.notReloaded = true")

    body = page.get_by_label("Body")
    body.fill(
        "The first IDM workshop took place in Geneva.\n\n"
        "## IDM 2010\n\n"
        "It was attended by more than 200 participants.[^1]\n\n"
        "Two themes are proposed.[^2]\n\n"
        "[^1]: The full report is on the IDM pages.\n"
    )
    expect(preview.locator(".note-errors")).to_contain_text(
        "Line 7: footnote [^2] is called here but never defined."
    )
    expect(preview.locator(".para-number")).to_have_text(["1.", "2.", "3."])
    expect(preview.locator("h2")).to_have_text("IDM 2010")  # a heading takes no number

    body.press("End")
    body.type("[^2]: Paragraph 8 of IC/2009/5.\n")
    expect(preview.locator(".note-errors")).to_have_count(0)
    expect(preview.locator(".note-counts")).to_have_text("3 numbered paragraphs · 2 footnotes")
    assert page.evaluate("window.notReloaded") is True


def test_the_footnote_links_of_a_published_note_lead_there_and_back(live_server, page):
    """The body's ids are the portal's own (note-fn-1, note-fnref-1): the author's are
    dropped, and the footnote call and its back link still work."""
    note = DiscussionNoteFactory(
        body=(
            'First paragraph, with <span id="portal-nav">an id of its own</span>.\n\n'
            "Second paragraph.[^source]\n\n"
            "[^source]: IOM, International Dialogue on Migration, 2009.\n"
        )
    )
    page.goto(live_server.url + note.get_absolute_url())
    body = page.locator(".note-body")
    expect(body).to_contain_text("an id of its own")
    expect(body.locator("#portal-nav")).to_have_count(0)
    expect(page.locator("#portal-nav")).to_have_count(1)  # the portal's menu, alone
    page.get_by_role("link", name="1", exact=True).click()
    expect(page).to_have_url(live_server.url + note.get_absolute_url() + "#note-fn-1")
    footnote = page.locator("li#note-fn-1")
    expect(footnote).to_contain_text("IOM, International Dialogue on Migration, 2009.")
    expect(footnote).to_be_in_viewport()
    footnote.get_by_role("link").click()
    expect(page).to_have_url(live_server.url + note.get_absolute_url() + "#note-fnref-1")

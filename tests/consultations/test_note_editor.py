"""The Secretariat's note editor (live preview with the numbering, footnote checks by line,
publish, versions with what changed), the import_note and render_note commands and the demo's
IC/2009/5."""

import re
import subprocess
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from consultations.models import DiscussionNote
from consultations.rendering import check_footnotes, render_body
from consultations.services.notes import create_note, import_note, update_note
from tests.conftest import ROOT
from tests.factories import DiscussionNoteFactory, IdmYearFactory, MeetingFactory

pytestmark = pytest.mark.django_db

SEED_MARKDOWN = ROOT / "consultations" / "seed" / "IC-2009-5.en.md"


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def meeting():
    return MeetingFactory(idm_year=IdmYearFactory())


def form_data(meeting, **overrides):
    return {
        "symbol": "IC/2009/5",
        "language": "en",
        "original_language": "en",
        "meeting": meeting.pk,
        "meeting_heading": "INFORMAL CONSULTATIONS ON INTERNATIONAL DIALOGUE ON MIGRATION",
        "place": "Geneva",
        "issue_date": "2009-04-17",
        "meeting_date": "2009-04-28",
        "title": "INTERNATIONAL DIALOGUE ON MIGRATION 2009",
        "subtitle": "Human Rights and Migration",
        "body": "This discussion note provides an update.\n\n## IDM 2010\n\nThe Administration.\n",
        **overrides,
    }


def service_fields(meeting, **overrides):
    return {**form_data(meeting), "meeting": meeting, **overrides}


UNDEFINED = "First paragraph.[^1]\n\nSecond paragraph.[^2]\n\n[^1]: Defined.\n"


def test_footnote_checks_name_the_line():
    errors = [str(error) for error in check_footnotes(UNDEFINED)]
    assert errors == ["Line 3: footnote [^2] is called here but never defined."]
    errors = [str(error) for error in check_footnotes("Text.\n\n[^x]: Never called.\n")]
    assert errors == ["Line 3: footnote [^x] is defined here but never called."]
    assert check_footnotes("Code `[^1]` is not a call.\n") == []


def test_a_note_with_an_undefined_footnote_is_refused_with_its_line(client, secretariat, meeting):
    client.force_login(secretariat)

    response = client.post(reverse("consultations:note_new"), form_data(meeting, body=UNDEFINED))

    assert response.status_code == 400
    assert "Line 3: footnote [^2] is called here but never defined." in response.content.decode()
    assert not DiscussionNote.objects.exists()
    with pytest.raises(ValidationError, match=r"Line 3: footnote \[\^2\]"):
        create_note(actor=secretariat, **service_fields(meeting, body=UNDEFINED))


def test_the_secretariat_writes_a_draft_then_publishes_it(client, secretariat, meeting):
    client.force_login(secretariat)

    response = client.post(reverse("consultations:note_new"), form_data(meeting))

    note = DiscussionNote.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("consultations:note_edit", args=[note.pk])
    assert (note.symbol, note.slug, note.status) == ("IC/2009/5", "ic-2009-5", "draft")
    client.logout()
    assert client.get(note.get_absolute_url()).status_code == 404

    client.force_login(secretariat)
    response = client.post(reverse("consultations:note_publish", args=[note.pk]), follow=True)
    assert "The note is published; its PDF is being made." in response.content.decode()
    client.logout()
    page = client.get(note.get_absolute_url()).content.decode()
    assert "This discussion note provides an update." in page


def test_the_preview_shows_the_numbering_and_the_mistakes(client, secretariat):
    client.force_login(secretariat)
    body = "One.\n\n## A heading\n\nTwo.[^a]\n\nThree.[^b]\n\n[^a]: A note.\n"

    response = client.post(
        reverse("consultations:note_preview"),
        {"body": body, "language": "en"},
        headers={"HX-Request": "true"},
    )

    fragment = response.content.decode()
    assert response.status_code == 200
    assert fragment.startswith('<div id="note-preview"')
    assert '<span class="para-number">1.</span>One.' in fragment
    assert "<h2>A heading</h2>" in fragment  # no number on a heading
    assert '<span class="para-number">3.</span>Three.' in fragment
    assert "3 numbered paragraphs · 1 footnote" in fragment
    assert "Line 7: footnote [^b] is called here but never defined." in fragment


def test_the_editor_sends_the_csrf_token_with_htmx_and_loads_the_preview(client, secretariat):
    note = DiscussionNoteFactory()
    client.force_login(secretariat)
    page = client.get(reverse("consultations:note_edit", args=[note.pk])).content.decode()
    assert 'hx-headers=\'{"X-CSRFToken": "' in page
    assert 'hx-post="' + reverse("consultations:note_preview") + '"' in page
    assert '<span class="para-number">2.</span>Second paragraph.' in page


def test_saving_without_a_change_writes_no_version(client, secretariat, meeting):
    client.force_login(secretariat)
    client.post(reverse("consultations:note_new"), form_data(meeting))
    note = DiscussionNote.objects.get()
    url = reverse("consultations:note_edit", args=[note.pk])

    response = client.post(url, form_data(meeting, body=note.body.replace("\n", "\r\n")))

    assert response.status_code == 302
    assert "Nothing changed." in client.get(url).content.decode()
    assert note.history.count() == 1


def test_the_versions_list_says_what_changed(client, secretariat, meeting):
    note = create_note(actor=secretariat, **service_fields(meeting))
    update_note(
        note,
        actor=secretariat,
        title="IDM 2009",
        body=note.body.replace("The Administration.", "The Administration proposes."),
    )
    client.force_login(secretariat)

    page = client.get(reverse("consultations:note_edit", args=[note.pk])).content.decode()

    assert "Version 2" in page
    assert "Version 1" in page
    assert "changed: title, body (Markdown)" in page
    assert '<span class="diff-removed">-The Administration.</span>' in page
    assert '<span class="diff-added">+The Administration proposes.</span>' in page
    assert "Sam Secretariat" in page


def test_render_body_numbers_paragraphs_not_headings_and_footnotes_in_call_order():
    body = "A.[^late]\n\n### (a) Heading\n\nB.[^early]\n\n[^early]: Second.\n\n[^late]: First.\n"
    web = render_body(body)
    assert web.paragraphs == [1, 2]
    # Numbered in call order: "late" is called first, so it is note 1.
    assert web.html.index('<li id="note-fn-1">') < web.html.index("First.")
    assert web.html.index("First.") < web.html.index('<li id="note-fn-2">')
    assert web.html.index('<li id="note-fn-2">') < web.html.index("Second.")
    pdf = render_body(body, for_pdf=True).html
    assert '<span class="footnote">First.</span>' in pdf
    assert pdf.index("First.") < pdf.index("Second.")
    assert 'class="footnotes"' not in pdf


def test_import_note_creates_then_updates_the_same_note(meeting, tmp_path):
    path = tmp_path / "note.md"
    text = SEED_MARKDOWN.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")

    out = StringIO()
    call_command("import_note", str(path), stdout=out)
    assert "IC/2009/5 (en): created, published." in out.getvalue()
    note = DiscussionNote.objects.get()
    assert (note.meeting, str(note.issue_date), note.original_language) == (
        meeting,
        "2009-04-17",
        "en",
    )
    assert note.body.startswith("This discussion note provides an update")

    path.write_text(text.replace("Geneva", "Genève", 1), encoding="utf-8")
    out = StringIO()
    call_command("import_note", str(path), stdout=out)
    assert "IC/2009/5 (en): updated, published." in out.getvalue()
    assert DiscussionNote.objects.get().place == "Genève"
    call_command("import_note", str(path), stdout=StringIO())
    assert DiscussionNote.objects.get().history.count() == 2


def test_import_note_refuses_a_file_without_front_matter_or_with_a_bad_date(meeting, tmp_path):
    path = tmp_path / "bad.md"
    path.write_text("Just text.\n", encoding="utf-8")
    with pytest.raises(CommandError, match="must start with front matter"):
        call_command("import_note", str(path))
    text = SEED_MARKDOWN.read_text(encoding="utf-8").replace("2009-04-17", "17/04/2009")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError, match="issue_date must be a date as YYYY-MM-DD"):
        call_command("import_note", str(path))
    assert not DiscussionNote.objects.exists()


def test_render_note_writes_the_pdf_without_a_worker(meeting, tmp_path):
    import_note(SEED_MARKDOWN.read_text(encoding="utf-8"))
    output = tmp_path / "ic-2009-5.pdf"

    call_command(
        "render_note", "IC/2009/5", "--lang", "en", "--output", str(output), stdout=StringIO()
    )

    text = subprocess.run(
        ["pdftotext", str(output), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "IC/2009/5" in text
    assert "17." in text
    with pytest.raises(
        CommandError, match=r"No discussion note IC/2009/5 in 'fr' \(it exists in: en\)"
    ):
        call_command("render_note", "IC/2009/5", "--lang", "fr", "--output", str(output))


def test_load_demo_imports_ic_2009_5_once(settings, client):
    settings.DEBUG = True
    settings.DEMO_PASSWORD = "demo-password-for-tests"
    call_command("load_demo", stdout=StringIO())
    call_command("load_demo", stdout=StringIO())

    note = DiscussionNote.objects.get(symbol="IC/2009/5", language="en")
    assert note.is_published
    assert note.history.count() == 1
    assert note.meeting.date.isoformat() == "2009-04-28"
    french = DiscussionNote.objects.get(symbol="IC/2009/5", language="fr")
    assert not french.is_published  # the first paragraphs only: a translation in progress
    assert french.place == "Genève"
    page = client.get(reverse("consultations:notes")).content.decode()
    assert "IC/2009/5" in page
    assert "Informal Consultations on International Dialogue on Migration" in page
    assert reverse("consultations:note", args=["ic-2009-5", "en"]) in page
    assert reverse("consultations:note", args=["ic-2009-5", "fr"]) not in page
    sitemap = client.get(reverse("sitemap")).content.decode()
    assert "/en/consultations/notes/ic-2009-5/en/" in sitemap
    assert "/ic-2009-5/fr/" not in sitemap


def test_the_list_of_notes_makes_the_same_number_of_queries_for_few_and_many(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for(count):
        for _ in range(count):
            note = DiscussionNoteFactory()
            DiscussionNoteFactory(symbol=note.symbol, slug=note.slug, language="fr")
        with CaptureQueriesContext(connection) as context:
            page = client.get(reverse("consultations:notes")).content.decode()
        assert page.count('hreflang="fr"') == DiscussionNote.objects.filter(language="fr").count()
        return len(context.captured_queries)

    assert queries_for(2) == queries_for(20) == 1


def test_render_body_drops_the_authors_ids_and_keeps_its_own_numbered_ones():
    body = (
        'Opening <span id="main">words</span>.[^a]\n\n'
        '<div id="portal-nav">A block.</div>\n\n'
        '<p id="note-fn-2">A forged footnote anchor.</p>\n\n'
        "Again.[^b] And once more.[^a]\n\n"
        "[^a]: First note.\n[^b]: Second note.\n"
    )
    html = render_body(body).html
    ids = re.findall(r'id="([^"]*)"', html)
    assert ids == [
        "note-para-1", "note-fnref-1", "note-para-2", "note-fnref-2", "note-fnref2-1",
        "note-fn-1", "note-fn-2",
    ]  # fmt: skip
    assert "main" not in ids
    assert "portal-nav" not in ids
    # Each link points at an id of the same body.
    for target in re.findall(r'href="#([^"]*)"', html):
        assert target in ids
    assert "A forged footnote anchor." in html

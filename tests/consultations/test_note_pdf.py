"""Discussion note IC/2009/5 as a PDF and as a page: the same document as the seed, with
the same numbering in both; raw HTML kept out; French quotation marks and dates."""

import re
import subprocess

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from consultations.models import DiscussionNote
from consultations.rendering import numbered_openings
from consultations.services.notes import (
    import_note,
    make_note_pdf,
    render_note_pdf,
    stored_path,
)
from tests.conftest import ROOT
from tests.factories import DiscussionNoteFactory, IdmYearFactory, MeetingFactory

pytestmark = pytest.mark.django_db

# The IOM seed text (IC/2009/5 as IOM published it), kept in the repository.
SEED_TEXT = ROOT / "tests" / "data" / "IC-2009-5.txt"
SEED_MARKDOWN = ROOT / "consultations" / "seed" / "IC-2009-5.en.md"
WORDS = 4
# A numbered paragraph's first line in `pdftotext -layout`: "1.      This discussion note".
NUMBERED_LINE = re.compile(r"^\s*(\d+)\.\s{2,}(\S.*)$")


def seed_openings():
    """(number, first words) of the seed's paragraphs, from the seed text itself."""
    openings = []
    for line in SEED_TEXT.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^(\d+)\. (.*)", line)
        if match:
            openings.append((int(match.group(1)), " ".join(match.group(2).split()[:WORDS])))
    return openings


def pdf_text(pdf_bytes, tmp_path):
    path = tmp_path / "note.pdf"
    path.write_bytes(pdf_bytes)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdf_openings(text):
    openings = []
    for line in text.splitlines():
        match = NUMBERED_LINE.match(line)
        if match:
            openings.append((int(match.group(1)), " ".join(match.group(2).split()[:WORDS])))
    return openings


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def note(media):
    MeetingFactory(idm_year=IdmYearFactory())
    note, outcome = import_note(SEED_MARKDOWN.read_text(encoding="utf-8"))
    assert outcome == "created"
    return note


@pytest.fixture
def note_text(note, tmp_path):
    return pdf_text(make_note_pdf(note), tmp_path)


def test_pdf_of_ic_2009_5_numbers_the_seeds_17_paragraphs_in_order(note_text):
    expected = seed_openings()
    assert [number for number, _words in expected] == list(range(1, 18))
    assert pdf_openings(note_text) == expected


def test_pdf_of_ic_2009_5_holds_the_heading_block_and_the_letterhead(note_text):
    flat = " ".join(note_text.split())
    for words in (
        "IOM International Organization for Migration",
        "OIM Organisation Internationale pour les Migrations",
        "OIM Organización Internacional para las Migraciones",
        "IC/2009/5",
        "Original: English",
        "Geneva, 17 April 2009",
        "INTERNATIONAL DIALOGUE ON MIGRATION 2009",
        "28 April 2009",
    ):
        assert words in flat, words
    lines = [line.strip() for line in note_text.splitlines()]
    assert "INFORMAL CONSULTATIONS ON" in " ".join(lines)


def test_pdf_of_ic_2009_5_holds_both_footnotes_with_their_numbers(note_text):
    flat = " ".join(note_text.split())
    assert (
        "1 For further information on the workshop, including final agenda, list of "
        "participants, background paper and presentations, please visit "
        "www.iom.int/idmhumanrights." in flat
    )
    assert (
        "2 For further details on the second intersessional workshop, please refer to "
        "Document IC/2009/1 (para. 9-11)." in flat
    )
    # The calls, where the seed has ¹ and ²: after paragraph 2's last word and "abuse."
    assert "academia and the media.1" in flat
    assert "exploitation and abuse.2 Planning" in flat


def test_pdf_of_ic_2009_5_numbers_no_heading(note_text):
    lines = [line.strip() for line in note_text.splitlines()]
    for heading in ("IDM 2010", "(a) South-South Migration", "(b) Migration and Social Change"):
        assert heading in lines, heading
    assert any(line.startswith("IDM 2009: Human Rights and Migration") for line in lines)
    numbered = [line for line in note_text.splitlines() if NUMBERED_LINE.match(line)]
    assert not [line for line in numbered if "IDM 20" in line.split(".", 1)[1][:12]]


def test_pdf_keeps_bold_workshop_titles_and_spans_pages_with_page_numbers(note, tmp_path):
    document = make_note_pdf(note)
    path = tmp_path / "fonts.pdf"
    path.write_bytes(document)
    fonts = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout
    assert "Liberation-Serif-Bold " in fonts  # the workshop titles and headings
    assert "Liberation-Serif-Bold-Italic" in fonts  # the subtitle
    pages = pdf_text(document, tmp_path).split("\f")
    assert len([page for page in pages if page.strip()]) >= 5
    # From the second page on, the foot of each page holds its number.
    for number, page in enumerate(pages[1:-1], start=2):
        assert page.strip().splitlines()[-1].strip() == str(number)


def test_page_and_pdf_number_paragraphs_the_same_way(client, note, note_text):
    response = client.get(reverse("consultations:note", args=["ic-2009-5", "en"]))
    page = response.content.decode()
    assert numbered_openings(page, WORDS) == pdf_openings(note_text)
    assert len(numbered_openings(page)) == 17
    # Footnotes at the end of the page, numbered through the document.
    assert page.index('<li id="note-fn-1">') < page.index('<li id="note-fn-2">')
    assert page.index("For further information on the workshop") > page.index("para-17")


def test_the_page_shows_the_heading_block(client, note):
    page = client.get(note.get_absolute_url()).content.decode()
    for words in ("IC/2009/5", "Original: English", "Geneva, 17 April 2009", "28 April 2009"):
        assert words in page
    assert "<strong>Effective Respect for the Human Rights of Migrants" in page


HOSTILE_BODY = """First paragraph, safe.

<script>alert("stolen")</script>

Second paragraph with an image <img src="x" onerror="alert('stolen')"> inside.

<div onmouseover="alert('stolen')">A block of raw HTML.</div>

Third paragraph, <a href="javascript:alert('stolen')">a link</a>.
"""


def test_script_and_event_handlers_appear_in_neither_the_page_nor_the_pdf(client, tmp_path):
    note = DiscussionNoteFactory(symbol="IC/2009/7", slug="ic-2009-7", body=HOSTILE_BODY)

    page = client.get(note.get_absolute_url()).content.decode()
    article = page[page.index("<article") : page.index("</article>")]
    text = pdf_text(make_note_pdf(note), tmp_path)

    for bad in ("<script", "onerror", "onmouseover", "javascript:", "alert("):
        assert bad not in article, bad
        assert bad not in text, bad
    assert "stolen" not in page
    assert "stolen" not in text
    assert [number for number, _words in numbered_openings(page)] == [1, 2, 3]
    assert [number for number, _words in pdf_openings(text)] == [1, 2, 3]


FRENCH_BODY = (
    "Le premier atelier a examiné le thème \"**Respect effectif des droits de l'homme des "
    'migrants : une responsabilité partagée**".[^1]\n\n'
    '[^1]: Pour de plus amples informations, voir "le site de l\'atelier".\n'
)


def test_a_french_version_has_french_dates_and_quotation_marks(client, tmp_path):
    english = DiscussionNoteFactory(symbol="IC/2009/5", slug="ic-2009-5")
    french = DiscussionNoteFactory(
        symbol="IC/2009/5",
        slug="ic-2009-5",
        language="fr",
        meeting_heading="CONSULTATIONS INFORMELLES SUR LE DIALOGUE INTERNATIONAL SUR LA MIGRATION",
        place="Genève",
        title="DIALOGUE INTERNATIONAL SUR LA MIGRATION 2009",
        body=FRENCH_BODY,
    )

    text = " ".join(pdf_text(make_note_pdf(french), tmp_path).split())
    assert "Genève, 17 avril 2009" in text
    assert "28 avril 2009" in text
    assert (
        "« Respect effectif des droits de l’homme des migrants : une responsabilité partagée »"
        in text.replace("\u00a0", " ")
    )
    assert "« le site de l’atelier »" in text.replace("\u00a0", " ")

    page = client.get(french.get_absolute_url()).content.decode()
    assert "Genève, 17 avril 2009" in page
    assert "«&nbsp;<strong>Respect effectif" in page
    assert "partagée</strong>&nbsp;»" in page
    # The language versions link to each other.
    assert english.get_absolute_url() in page
    assert french.get_absolute_url() in client.get(english.get_absolute_url()).content.decode()


def test_the_pdf_view_serves_the_stored_file(client, note):
    path = render_note_pdf(note)

    response = client.get(reverse("consultations:note_pdf", args=[note.slug, "en"]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="ic-2009-5-en.pdf"'
    with default_storage.open(path, "rb") as stored:
        assert b"".join(response.streaming_content) == stored.read()


def test_the_pdf_view_queues_the_pdf_once_and_answers_a_page_that_refreshes_itself(
    client, note, django_capture_on_commit_callbacks, settings
):
    from idm_portal.celery import app

    url = reverse("consultations:note_pdf", args=[note.slug, "en"])
    with django_capture_on_commit_callbacks() as queued:
        response = client.get(url)
        assert client.get(url).status_code == 202  # queued once only
    assert response.status_code == 202
    page = response.content.decode()
    assert "The PDF of the discussion note is being made; this page refreshes itself." in page
    assert '<meta http-equiv="refresh" content="3">' in page
    assert len(queued) == 1

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True  # the queued task runs in-process, as without a broker
    try:
        queued[0]()
    finally:
        app.conf.task_always_eager = previous

    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert default_storage.exists(stored_path(note))


def test_render_note_pdf_stores_one_file_per_content(note, media):
    first = render_note_pdf(note)
    assert re.fullmatch(r"notes/ic-2009-5/en/[0-9a-f]{64}\.pdf", first)
    stored = (media / first).stat().st_mtime_ns
    assert render_note_pdf(note) == first
    assert (media / first).stat().st_mtime_ns == stored
    note.place = "Genève"  # anything the PDF shows makes another file
    assert stored_path(note) != first
    assert DiscussionNote.objects.get().place == "Geneva"

"""The shared PDF renderer: A4 pages on the trilingual IOM letterhead."""

import datetime as dt
import subprocess

from idm_portal.core.pdf import render_pdf


def pdf_text(pdf_bytes, tmp_path):
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf_bytes)
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout.replace("\u2002", " ")


def pdf_info(pdf_bytes, tmp_path):
    path = tmp_path / "info.pdf"
    path.write_bytes(pdf_bytes)
    return subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout


def letter(**overrides):
    context = {
        "place": "Geneva",
        "date": dt.date(2009, 4, 17),
        "recipient": "Ms Dana Delegate\nPermanent Mission of Switzerland",
        "subject": "Informal Consultations on International Dialogue on Migration",
        "paragraphs": ["The Administration presents its compliments.", "<b>not bold</b>"],
        "signature": "IDM Secretariat",
        **overrides,
    }
    return context


def test_a_letter_is_an_a4_pdf_on_the_trilingual_letterhead(tmp_path):
    pdf = render_pdf("core/pdf/letter.html", letter(), language="en")
    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf, tmp_path)
    assert "IOM International Organization for Migration" in text
    assert "OIM Organisation Internationale pour les Migrations" in text
    assert "OIM Organización Internacional para las Migraciones" in text
    assert "Geneva, 17 April 2009" in text
    assert "The Administration presents its compliments." in text
    assert "<b>not bold</b>" in text  # what the context holds is escaped, never HTML
    assert "595.276 x 841.89 pts (A4)" in pdf_info(pdf, tmp_path)


def test_the_letter_date_follows_the_language(tmp_path):
    pdf = render_pdf("core/pdf/letter.html", letter(place="Genève"), language="fr")
    assert "Genève, 17 avril 2009" in pdf_text(pdf, tmp_path)

"""Names, titles and file names lose Unicode bidirectional controls and control characters
(idm_portal/core/text.py): a right-to-left override cannot disguise a person or a file."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from idm_portal.core.text import BIDI_CONTROLS, clean_line, clean_text, has_unsafe_characters
from tests.factories import WorkshopFactory
from workshops.services.documents import safe_file_name

RLO = "\u202e"


def test_clean_line_removes_bidi_and_control_characters_and_keeps_the_rest():
    assert clean_line(f"Report{RLO}fdp.exe") == "Reportfdp.exe"
    assert clean_line("Dana\u2066 Delegate\u2069") == "Dana Delegate"
    assert clean_line("Ana\u200e María\x07 López") == "Ana María López"
    assert clean_line("two\nlines\tand a tab") == "two lines and a tab"
    assert clean_line("Organisation Internationale pour les Migrations – OIM") == (
        "Organisation Internationale pour les Migrations – OIM"
    )
    assert clean_line(None) is None


def test_clean_text_keeps_line_breaks_and_tabs():
    assert clean_text(f"First line.\n\tSecond{RLO} line.\x00") == "First line.\n\tSecond line."


@given(st.text())
def test_cleaned_text_has_no_unsafe_character_left(text):
    assert not has_unsafe_characters(clean_line(text))
    assert not has_unsafe_characters(clean_text(text))
    assert not any(control in clean_line(text) for control in BIDI_CONTROLS)


@pytest.mark.django_db
def test_a_name_typed_with_an_override_is_saved_without_it(client, delegate):
    client.force_login(delegate)
    response = client.post(
        reverse("core:profile"),
        {"name": f"Dana {RLO}etageleD", "preferred_language": "en"},
    )
    assert response.status_code == 302
    delegate.refresh_from_db()
    assert delegate.name == "Dana etageleD"
    assert RLO not in client.get(reverse("core:profile")).content.decode()


@pytest.mark.django_db
def test_a_workshop_title_is_saved_without_bidi_controls():
    workshop = WorkshopFactory(title=f"Human Rights{RLO} and Migration\u2067")
    workshop.refresh_from_db()
    assert workshop.title == "Human Rights and Migration"


def test_an_uploaded_file_name_loses_its_override():
    assert safe_file_name(f"Agenda{RLO}fdp.exe", "Final agenda", "pdf") == "agendafdp.pdf"
    assert safe_file_name(f"{RLO}\u2066", "Final agenda", "pdf") == "final-agenda.pdf"

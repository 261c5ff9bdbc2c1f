"""Export cells: what people typed never reaches a spreadsheet as a formula."""

import re

from hypothesis import given
from hypothesis import strategies as st

from idm_portal.core.spreadsheets import FORMULA_STARTS, spreadsheet_text

# A formula character at the start of the cell or of any piece a spreadsheet could split
# it into, after optional spaces.
FORMULA_ANYWHERE = re.compile(r"(^|[;,\t\n\r])[ ]*[=+\-@\t\r]")


def test_spreadsheet_text_quotes_a_formula_and_keeps_plain_text():
    assert spreadsheet_text('=HYPERLINK("http://evil.example","Click")') == (
        '\'=HYPERLINK("http://evil.example","Click")'
    )
    assert spreadsheet_text("-1+2") == "'-1+2"
    assert spreadsheet_text("South-South Migration") == "South-South Migration"
    assert spreadsheet_text("Geneva, 25-26 March") == "Geneva, 25-26 March"
    assert spreadsheet_text(None) == ""
    assert spreadsheet_text(42) == "42"


def test_spreadsheet_text_quotes_a_formula_after_a_separator():
    assert spreadsheet_text("Team;=cmd|' /C calc'!A0") == "Team;'=cmd|' /C calc'!A0"
    assert spreadsheet_text("Team, @SUM(A1)") == "Team,' @SUM(A1)"
    assert spreadsheet_text("Team\t+1") == "Team\t'+1"
    assert spreadsheet_text("Team\n-2") == "Team\n'-2"
    assert spreadsheet_text("Team;;=1") == "Team;;'=1"


def test_a_cell_split_on_semicolons_has_no_formula():
    cell = spreadsheet_text("Team;=cmd|' /C calc'!A0")
    for piece in cell.split(";"):
        assert not piece.strip(" ").startswith(FORMULA_STARTS)


@given(st.text())
def test_spreadsheet_text_never_starts_a_formula_and_loses_nothing(text):
    cell = spreadsheet_text(text)
    assert not cell.startswith(FORMULA_STARTS)
    assert not FORMULA_ANYWHERE.search(cell)
    # Only apostrophes are added.
    assert cell.replace("'", "") == text.replace("'", "")
    assert len(cell) >= len(text)


@given(st.text(alphabet=";,\t\n\r =+-@'ab"))
def test_spreadsheet_text_guards_every_piece_of_separator_heavy_text(text):
    cell = spreadsheet_text(text)
    assert not FORMULA_ANYWHERE.search(cell)
    assert cell.replace("'", "") == text.replace("'", "")

"""Export cells: what people typed never reaches a spreadsheet as a formula."""

from hypothesis import given
from hypothesis import strategies as st

from idm_portal.core.spreadsheets import FORMULA_STARTS, spreadsheet_text


def test_spreadsheet_text_quotes_a_formula_and_keeps_plain_text():
    assert spreadsheet_text('=HYPERLINK("http://evil.example","Click")') == (
        '\'=HYPERLINK("http://evil.example","Click")'
    )
    assert spreadsheet_text("-1+2") == "'-1+2"
    assert spreadsheet_text("South-South Migration") == "South-South Migration"
    assert spreadsheet_text(None) == ""
    assert spreadsheet_text(42) == "42"


@given(st.text())
def test_spreadsheet_text_never_starts_a_formula_and_loses_nothing(text):
    cell = spreadsheet_text(text)
    assert not cell.startswith(FORMULA_STARTS)
    assert cell in (text, "'" + text)

"""Cells of the CSV and Excel exports: text a spreadsheet keeps as text.

A cell that starts with =, +, -, @ or a control character is read by Excel and LibreOffice
as a formula; what members, delegates or invitees typed must never run as one (CSV
injection). Such a cell gets a leading apostrophe, which spreadsheets show as text."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value):
    """``value`` as text that no spreadsheet reads as a formula; None is empty."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text

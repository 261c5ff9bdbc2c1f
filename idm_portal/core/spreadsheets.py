"""Cells of the CSV and Excel exports: text a spreadsheet keeps as text.

A cell that starts with =, +, -, @ or a control character is read by Excel and LibreOffice
as a formula; what members, delegates or invitees typed must never run as one (CSV
injection). Such a cell gets a leading apostrophe, which spreadsheets show as text.

A spreadsheet may also split a cell where the export did not: one set to French, Spanish or
German reads a CSV on ";", and "Team;=cmd|' /C calc'!A0" becomes the cells "Team" and a
formula. So every piece that follows a separator (;, comma, tab, line break) and starts
with a formula character (after spaces, which some importers trim) gets its apostrophe too:
"Team;'=cmd|' /C calc'!A0"."""

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SEPARATORS = (";", ",", "\t", "\n", "\r")
# The start of the cell or a separator, where the next characters (spaces, then a formula
# character) would begin a formula: the apostrophe goes right there.
_FORMULA_AFTER_RE = re.compile(r"(^|[;,\t\n\r])(?=[ ]*[=+\-@\t\r])")


def spreadsheet_text(value):
    """``value`` as text that no spreadsheet reads as a formula, however it splits the cell;
    None is empty."""
    text = "" if value is None else str(value)
    return _FORMULA_AFTER_RE.sub(lambda match: match.group(1) + "'", text)

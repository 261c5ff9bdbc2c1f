"""Cells of the CSV and Excel exports: text a spreadsheet keeps as text.

A cell that starts with =, +, -, @ or a control character is read by Excel and LibreOffice
as a formula; what members, delegates or invitees typed must never run as one (CSV
injection). Such a cell gets a leading apostrophe, which spreadsheets show as text.

A spreadsheet may also split a cell where the export did not: one set to French, Spanish or
German reads a CSV on ";", and "Team;=cmd|' /C calc'!A0" becomes the cells "Team" and a
formula. So every piece that follows a separator (;, comma, tab, line break) and starts
with a formula character (after spaces, which some importers trim) gets its apostrophe too:
"Team;'=cmd|' /C calc'!A0".

``xlsx_bytes`` is the one writer of an Excel file (CSV goes through ``csv_stream``)."""

import io
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


def xlsx_bytes(title, header, rows, *, widths=()):
    """An XLSX workbook of one sheet named ``title``: a bold, frozen ``header`` row, then
    ``rows`` (lists of values, read lazily); text cells kept as text (never a formula,
    whatever the text starts with), times as "yyyy-mm-dd hh:mm"; ``widths`` the columns'
    widths from the first.

    Written row by row (openpyxl's write-only mode): the time grows with the rows, and the
    memory stays that of one row plus the compressed file. (Reading a row back from an
    ordinary sheet to style it scans every cell of the sheet: 10,000 rows took 88 s.)"""
    from openpyxl import Workbook  # heavy, and only the exports want it
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(title)[:31])
    sheet.freeze_panes = "A2"
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    bold = Font(bold=True)

    def cell(value, font=None):
        made = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            made.data_type = "s"  # "=1+1" stays the text "=1+1"
        elif made.is_date:
            made.number_format = "yyyy-mm-dd hh:mm"
        if font is not None:
            made.font = font
        return made

    sheet.append([cell(value, bold) for value in header])
    for row in rows:
        sheet.append([cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

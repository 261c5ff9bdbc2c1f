"""A workshop's registrations as CSV (for Excel: UTF-8 with a byte order mark) and XLSX: one
row per registration, in the active language."""

import io

from django.utils.translation import gettext as _

from idm_portal.core.spreadsheets import spreadsheet_text

CHUNK = 2000  # rows read from the database at a time


def header():
    return [
        _("Name on the badge"),
        _("Title"),
        _("Position"),
        _("E-mail address"),
        _("Organization"),
        _("Category"),
        _("Country"),
        _("Status"),
        _("Registered at"),
        _("Special requirements"),
        _("Visa support letter"),
        _("Consents to the list of participants"),
    ]


def _yes_no(value):
    return _("Yes") if value else _("No")


def rows(registrations, workshop):
    """The cells of each registration (``registrations`` with their organization selected);
    the time of registration in the venue's time zone, without a zone (as spreadsheets
    want)."""
    zone = workshop.zone
    for registration in registrations:
        organization = registration.organization
        yield [
            registration.badge_name,
            registration.title,
            registration.position,
            registration.email,
            organization.name,
            registration.get_category_display(),
            organization.country.name if organization.country else "",
            registration.get_status_display(),
            registration.created_at.astimezone(zone).replace(tzinfo=None, microsecond=0),
            registration.special_requirements,
            _yes_no(registration.needs_visa_letter),
            _yes_no(registration.consents_to_list),
        ]


def _csv_cell(cell):
    if hasattr(cell, "strftime"):
        return cell.strftime("%Y-%m-%d %H:%M")
    return spreadsheet_text(cell)


def csv_rows(registrations, workshop):
    """The CSV cells of each registration, read from the database in chunks."""
    for row in rows(registrations.iterator(chunk_size=CHUNK), workshop):
        yield [_csv_cell(cell) for cell in row]


def to_xlsx(registrations, workshop):
    """XLSX bytes: a bold, frozen header row, text cells kept as text."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Registrations")[:31]
    sheet.append(header())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for number, row in enumerate(rows(registrations.iterator(chunk_size=CHUNK), workshop), start=2):
        sheet.append(row)
        for cell in sheet[number]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
            elif cell.is_date:
                cell.number_format = "yyyy-mm-dd hh:mm"
    widths = (28, 8, 30, 30, 40, 22, 18, 16, 17, 30, 12, 12)
    for column, width in zip("ABCDEFGHIJKL", widths, strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

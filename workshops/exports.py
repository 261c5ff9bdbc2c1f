"""A workshop's registrations as CSV (for Excel: UTF-8 with a byte order mark) and XLSX: one
row per registration, in the active language."""

from django.utils.translation import gettext as _

from idm_portal.core.spreadsheets import xlsx_bytes

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


def csv_rows(registrations, workshop):
    """The cells of each registration, read from the database in chunks (``streaming_csv``
    guards and formats them)."""
    return rows(registrations.iterator(chunk_size=CHUNK), workshop)


def to_xlsx(registrations, workshop):
    """XLSX bytes of the registrations."""
    return xlsx_bytes(
        _("Registrations"),
        header(),
        rows(registrations.iterator(chunk_size=CHUNK), workshop),
        widths=(28, 8, 30, 30, 40, 22, 18, 16, 17, 30, 12, 12),
    )

"""Invitations from a CSV file (name, email, organization, language): each row is checked;
the good rows are imported together, in one transaction (all of them or, if the database
refuses, none); each bad row is reported with its line number and left out."""

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from idm_portal.core.models import Organization
from workshops.services.invitations import Recipient, invite, require_secretariat

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 10_000
COLUMNS = {
    "name": "name",
    "email": "email",
    "e-mail": "email",
    "organization": "organization",
    "organisation": "organization",
    "language": "language",
}
# What a spreadsheet may write in the language column.
LANGUAGES = {
    "en": "en",
    "english": "en",
    "anglais": "en",
    "inglés": "en",
    "fr": "fr",
    "french": "fr",
    "français": "fr",
    "francais": "fr",
    "francés": "fr",
    "es": "es",
    "spanish": "es",
    "espagnol": "es",
    "español": "es",
    "espanol": "es",
}


@dataclass
class CsvImport:
    """What an import did: rows added and updated, and each refused row as (line, reason)."""

    added: int = 0
    updated: int = 0
    errors: list = field(default_factory=list)
    refused_file: str = ""


def _text(data):
    if len(data) > MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(size)d MB.") % {"size": MAX_BYTES // 1024 // 1024}
        )
    if b"\x00" in data:
        raise ValidationError(_("This is not a CSV file (it holds binary data)."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            _("The file is not UTF-8 text: save it from your spreadsheet as “CSV UTF-8”.")
        ) from None


def _reader(text):
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return csv.reader(io.StringIO(text, newline=""), dialect)


def _header(row):
    columns = {}
    for index, cell in enumerate(row):
        name = COLUMNS.get(cell.strip().lower())
        if name and name not in columns:
            columns[name] = index
    if "email" not in columns:
        raise ValidationError(
            _(
                "The first line must name the columns: name, email, organization, language "
                "(an “email” column at least)."
            )
        )
    return columns


def _organizations():
    """Confirmed organizations by lower-case name and acronym."""
    found: dict[str, Organization] = {}
    for organization in Organization.objects.filter(is_confirmed=True).annotate(
        lower_name=Lower("name"), lower_acronym=Lower("acronym")
    ):
        found.setdefault(organization.lower_name, organization)
        if organization.lower_acronym:
            found.setdefault(organization.lower_acronym, organization)
    return found


def parse_csv(data):
    """(recipients, errors): the good rows as Recipient, the bad ones as (line, reason).
    Raises ValidationError when the file as a whole cannot be read."""
    text = _text(data)
    rows = _reader(text)
    try:
        header = next(rows, None)
        if header is None:
            raise ValidationError(_("The file is empty."))
        columns = _header(header)
        organizations = _organizations()
        recipients: list[Recipient] = []
        errors: list[tuple[int, str]] = []
        seen: dict[str, int] = {}
        for row in rows:
            line = rows.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(recipients) + len(errors) >= MAX_ROWS:
                raise ValidationError(
                    _("The file has more than %(count)d rows.") % {"count": MAX_ROWS}
                )

            def cell(name, row=row):
                index = columns.get(name)
                return row[index].strip() if index is not None and index < len(row) else ""

            email = cell("email").lower()
            language_cell = cell("language")
            language = LANGUAGES.get(language_cell.lower()) if language_cell else "en"
            try:
                validate_email(email)
            except ValidationError:
                errors.append(
                    (line, _("“%(email)s” is not a valid e-mail address.") % {"email": email})
                )
                continue
            if email in seen:
                errors.append(
                    (
                        line,
                        _("%(email)s is already on line %(line)d of the file.")
                        % {"email": email, "line": seen[email]},
                    )
                )
                continue
            if language is None:
                errors.append(
                    (
                        line,
                        _("Unknown language “%(language)s”: write en, fr or es.")
                        % {"language": language_cell},
                    )
                )
                continue
            seen[email] = line
            organization_name = cell("organization")
            recipients.append(
                Recipient(
                    email=email,
                    name=cell("name"),
                    organization=organizations.get(organization_name.lower()),
                    organization_name=organization_name,
                    language=language,
                )
            )
    except csv.Error as error:
        raise ValidationError(
            _("The file could not be read as CSV near line %(line)d: %(error)s")
            % {"line": rows.line_num, "error": error}
        ) from None
    return recipients, errors


def import_csv(workshop, *, actor, data):
    """Import the good rows of a CSV file as invitations (not sent yet); returns a
    CsvImport. A file that cannot be read imports nothing (``refused_file`` says why)."""
    require_secretariat(actor, workshop)
    result = CsvImport()
    try:
        recipients, result.errors = parse_csv(data)
    except ValidationError as error:
        result.refused_file = " ".join(error.messages)
        return result
    result.added, result.updated = invite(workshop, actor=actor, recipients=recipients)
    return result

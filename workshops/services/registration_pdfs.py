"""The PDFs of registrations, made by the worker, never in the request: the list of
participants of a workshop, a registration's confirmation and its visa support letter.

Each is stored through the core documents helper under the hash of its final HTML, which is
all that shapes it (data, template, letterhead, language): the request renders the HTML (a
few milliseconds, no WeasyPrint) to know which file it wants, the worker renders the same
HTML again and makes the PDF (seconds for a long list)."""

import base64

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from idm_portal.core import documents, pdf
from idm_portal.core.templatetags.idm import day
from workshops import queries
from workshops.services.registration_mail import checkin_qr_png
from workshops.services.visa_letters import letter_folder

PARTICIPANTS, CONFIRMATION, VISA_LETTER = "participants", "confirmation", "visa_letter"


# --- The list of participants ---


def participants_html(workshop, *, language):
    with translation.override(language):
        return pdf.render_html(
            "workshops/pdf/participants.html",
            {"workshop": workshop, "groups": queries.participant_groups(workshop)},
            language=language,
        )


def _participants_folder(workshop):
    return f"participants/{workshop.pk}"


def request_participants_pdf(workshop, *, language):
    """The stored list of participants as it is now, or None after queuing its making."""
    return documents.request_html_pdf(
        PARTICIPANTS,
        participants_html(workshop, language=language),
        folder=_participants_folder(workshop),
        task="workshops.render_participants_pdf",
        args=[workshop.pk, language],
    )


def render_participants_pdf(workshop, *, language):
    """Make and store the list of participants as it is now (unless stored); its path."""
    return documents.make_html_pdf(
        PARTICIPANTS,
        participants_html(workshop, language=language),
        folder=_participants_folder(workshop),
    )


# --- A registration's confirmation ---


def confirmation_html(registration):
    qr_code = base64.b64encode(checkin_qr_png(registration)).decode("ascii")
    return pdf.render_html(
        "workshops/pdf/confirmation.html",
        {
            "registration": registration,
            "workshop": registration.workshop,
            "qr_code": f"data:image/png;base64,{qr_code}",
        },
        language=registration.person.preferred_language,
    )


def _confirmation_folder(registration):
    return f"confirmations/{registration.pk}"


def request_confirmation_pdf(registration):
    """The stored confirmation as it is now, or None after queuing its making."""
    return documents.request_html_pdf(
        CONFIRMATION,
        confirmation_html(registration),
        folder=_confirmation_folder(registration),
        task="workshops.render_confirmation_pdf",
        args=[registration.pk],
    )


def render_confirmation_pdf(registration):
    """Make and store the confirmation as it is now (unless stored); its path."""
    return documents.make_html_pdf(
        CONFIRMATION, confirmation_html(registration), folder=_confirmation_folder(registration)
    )


# --- A registration's visa support letter ---


def _visa_letter_context(registration):
    """The letter, in its holder's language, dated the day the Secretariat approved it."""
    workshop = registration.workshop
    passport = registration.passport_details
    name = registration.person.name or registration.badge_name
    dates = {
        "start": day(workshop.start_date),
        "end": day(workshop.end_date),
    }
    where = f"{workshop.venue}, {workshop.city}" if workshop.venue else workshop.city
    return {
        "place": workshop.city or "Geneva",
        "date": timezone.localdate(passport.approved_at),
        "recipient": _("To whom it may concern"),
        "subject": _("Visa support letter: %(workshop)s") % {"workshop": workshop.title},
        "paragraphs": [
            _(
                "The International Organization for Migration (IOM) confirms that "
                "%(name)s, %(organization)s, is registered to take part in the workshop "
                "“%(workshop)s” of the International Dialogue on Migration, to be held "
                "from %(start)s to %(end)s at %(venue)s."
            )
            % {
                "name": name,
                "organization": registration.organization.name,
                "workshop": workshop.title,
                "venue": where,
                **dates,
            },
            _(
                "Name as in the passport: %(passport_name)s. Nationality: %(nationality)s. "
                "Passport number: %(number)s. Date of birth: %(birth)s."
            )
            % {
                "passport_name": passport.name_in_passport,
                "nationality": passport.nationality.name,
                "number": passport.passport_number,
                "birth": day(passport.date_of_birth),
            },
            _(
                "We would be grateful for any assistance that the authorities may give "
                "%(name)s in obtaining a visa to attend this meeting."
            )
            % {"name": name},
        ],
        "signature": _("IDM Secretariat\nInternational Organization for Migration"),
    }


def visa_letter_html(registration):
    language = registration.person.preferred_language
    with translation.override(language):
        context = _visa_letter_context(registration)
    return pdf.render_html("workshops/pdf/visa_letter.html", context, language=language)


def request_visa_letter_pdf(registration):
    """The stored visa letter (approved: the caller checks), or None after queuing it."""
    return documents.request_html_pdf(
        VISA_LETTER,
        visa_letter_html(registration),
        folder=letter_folder(registration.pk),
        task="workshops.render_visa_letter_pdf",
        args=[registration.pk],
    )


def render_visa_letter_pdf(registration):
    """Make and store the visa letter as it is now (unless stored); its path."""
    return documents.make_html_pdf(
        VISA_LETTER, visa_letter_html(registration), folder=letter_folder(registration.pk)
    )

"""Celery tasks of workshops: thin wrappers that call a service by primary key."""

import logging

from celery import shared_task

from workshops.models import AgendaRelease
from workshops.services.agenda_pdf import render_release_pdf

logger = logging.getLogger(__name__)


@shared_task(name="workshops.render_agenda_pdf")
def render_agenda_pdf_task(release_id, language="en"):
    """Make and store the PDF of an agenda release in one language (if not stored yet)."""
    release = (
        AgendaRelease.objects.select_related("workshop__idm_year").filter(pk=release_id).first()
    )
    if release is None:
        logger.info("Agenda release %s is gone; no PDF to make.", release_id)
        return None
    return render_release_pdf(release, language=language)


@shared_task(name="workshops.send_registration_mail")
def send_registration_mail_task(registration_id, template):
    """Render one registration e-mail (with its .ics and QR code) into the outbox."""
    from workshops.services.registration_mail import send_registration_mail

    mail = send_registration_mail(registration_id, template)
    if mail is None:
        logger.info("Registration %s is gone; no %s e-mail.", registration_id, template)
        return None
    return mail.pk


# --- Invitations ---


@shared_task(name="workshops.send_due_invitations")
def send_due_invitations_task(workshop_id=None):
    """Render the invitations whose time has come into the outbox (one workshop's, when
    sent from its page; every workshop's, from the beat)."""
    from workshops.services.invitations import send_due_invitations

    return send_due_invitations(workshop_id=workshop_id)


@shared_task(name="workshops.send_invitation_reminders")
def send_invitation_reminders_task():
    """Queue one reminder to each invitee who has not answered, before registration
    closes."""
    from workshops.services.invitations import send_invitation_reminders

    return send_invitation_reminders()


# --- Documents of registrations, made by the worker ---


def _registration(registration_id):
    from workshops.models import Registration

    return (
        Registration.objects.select_related(
            "workshop__idm_year", "person", "organization", "passport_details"
        )
        .filter(pk=registration_id)
        .first()
    )


@shared_task(name="workshops.render_participants_pdf")
def render_participants_pdf_task(workshop_id, language="en"):
    """Make and store the list of participants of a workshop as it is now, in one language."""
    from workshops.models import Workshop
    from workshops.services.registration_pdfs import render_participants_pdf

    workshop = Workshop.objects.select_related("idm_year").filter(pk=workshop_id).first()
    if workshop is None:
        logger.info("Workshop %s is gone; no list of participants to make.", workshop_id)
        return None
    return render_participants_pdf(workshop, language=language)


@shared_task(name="workshops.render_confirmation_pdf")
def render_confirmation_pdf_task(registration_id):
    """Make and store the confirmation of a registration as it is now."""
    from workshops.services.registration_pdfs import render_confirmation_pdf

    registration = _registration(registration_id)
    if registration is None:
        logger.info("Registration %s is gone; no confirmation to make.", registration_id)
        return None
    return render_confirmation_pdf(registration)


@shared_task(name="workshops.render_visa_letter_pdf")
def render_visa_letter_pdf_task(registration_id):
    """Make and store the approved visa support letter of a registration."""
    from workshops.services.registration_pdfs import render_visa_letter_pdf
    from workshops.services.visa_letters import missing_for_letter

    registration = _registration(registration_id)
    if registration is None or missing_for_letter(registration):
        logger.info("Registration %s has no visa letter to make.", registration_id)
        return None
    return render_visa_letter_pdf(registration)


@shared_task(name="workshops.erase_expired_passport_details")
def erase_expired_passport_details_task():
    """Celery beat: erase passport details (and visa letters' PDFs) PASSPORT_RETENTION_DAYS
    after their workshop ended."""
    from workshops.services.visa_letters import erase_expired_passport_details

    return erase_expired_passport_details()


# --- Delegations, badges and certificates ---


@shared_task(name="workshops.send_delegate_account_invitation")
def send_delegate_account_invitation_task(registration_id):
    """Queue the e-mail that lets a person registered by their focal point set the password
    of the account made for them."""
    from workshops.services.delegations import send_account_invitation

    mail = send_account_invitation(registration_id)
    return mail.pk if mail else None


@shared_task(name="workshops.render_badges_pdf")
def render_badges_pdf_task(workshop_id, registration_ids=None, language="en"):
    """Make and store the name badges of a workshop (all confirmed, or a selection)."""
    from workshops.models import Workshop
    from workshops.services.badges import render_badges_pdf

    workshop = Workshop.objects.select_related("idm_year").filter(pk=workshop_id).first()
    if workshop is None:
        logger.info("Workshop %s is gone; no badges to make.", workshop_id)
        return None
    return render_badges_pdf(workshop, registration_ids, language=language)


@shared_task(name="workshops.render_certificate_pdf")
def render_certificate_pdf_task(registration_id):
    """Make and store a certificate of attendance."""
    from workshops.services.badges import certificate_available, render_certificate_pdf

    registration = _registration(registration_id)
    if registration is None or not certificate_available(registration):
        logger.info("Registration %s has no certificate to make.", registration_id)
        return None
    return render_certificate_pdf(registration)


@shared_task(name="workshops.send_certificate")
def send_certificate_task(registration_id):
    """Make a certificate of attendance and e-mail it (through the outbox) to its holder."""
    from workshops.services.badges import certificate_available, mail_certificate

    registration = _registration(registration_id)
    if registration is None or not certificate_available(registration):
        logger.info("Registration %s has no certificate to send.", registration_id)
        return None
    return mail_certificate(registration).pk


# --- Exports ---


@shared_task(name="workshops.render_registrations_xlsx")
def render_registrations_xlsx_task(workshop_id, language, query, shaped_by):
    """Make and store a workshop's filtered registrations as a spreadsheet."""
    from workshops.models import Workshop
    from workshops.services.registration_exports import render_registrations_xlsx

    workshop = Workshop.objects.select_related("idm_year").filter(pk=workshop_id).first()
    if workshop is None:
        logger.info("Workshop %s is gone; no spreadsheet to make.", workshop_id)
        return None
    return render_registrations_xlsx(workshop, language=language, query=query, shaped_by=shaped_by)

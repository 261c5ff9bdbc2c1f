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

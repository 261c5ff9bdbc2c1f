"""The e-mails of a registration, in the registrant's language, through the outbox: received,
confirmed (with the workshop's calendar file and a QR code for check-in), wait-listed,
promoted, declined, cancelled."""

import io

from django.urls import reverse
from django.utils import translation

from idm_portal.core.links import absolute_url
from idm_portal.core.services.outbox import queue_mail
from workshops import calendar, queries
from workshops.models import Registration

TEMPLATES = (
    "received",
    "confirmed",
    "waitlisted",
    "promoted",
    "promoted_pending",
    "declined",
    "cancelled",
)
WITH_CALENDAR_AND_QR = ("confirmed", "promoted")


def checkin_qr_png(registration):
    """The QR code the Secretariat scans at the door: the registration's check-in token."""
    import segno

    buffer = io.BytesIO()
    segno.make(registration.checkin_token, error="m").save(buffer, kind="png", scale=6)
    return buffer.getvalue()


def calendar_file(workshop, *, language):
    """The workshop's .ics in ``language`` (its texts and links): its published agenda, or
    one event over its dates."""
    with translation.override(language):
        url = absolute_url(workshop.get_absolute_url())
        published = queries.published_agenda(workshop)
        if published is None:
            return calendar.workshop_calendar(workshop, url=url)
        agenda_url = absolute_url(workshop.get_absolute_url() + "agenda/")
        return calendar.agenda_calendar(workshop, published, agenda_url=agenda_url)


def send_registration_mail(registration_id, template):
    """Queue one registration e-mail (called on commit); returns the OutgoingMail, or None
    when the registration is gone."""
    from workshops.services.registration import waiting_list_position

    registration = (
        Registration.objects.select_related("workshop__idm_year", "person", "organization")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None:
        return None
    language = registration.person.preferred_language
    with translation.override(language):
        workshop_url = absolute_url(registration.workshop.get_absolute_url())
        my_registrations_url = absolute_url(reverse("workshops:my_registrations"))
    attachments = []
    if template in WITH_CALENDAR_AND_QR:
        slug = registration.workshop.slug
        attachments = [
            (
                f"{slug}.ics",
                calendar_file(registration.workshop, language=language),
                "text/calendar",
            ),
            ("check-in.png", checkin_qr_png(registration), "image/png"),
        ]
    return queue_mail(
        to=registration.email,
        template=f"workshops/email/registration_{template}",
        language=language,
        context={
            "registration": registration,
            "workshop": registration.workshop,
            "workshop_url": workshop_url,
            "my_registrations_url": my_registrations_url,
            "position": waiting_list_position(registration),
        },
        attachments=attachments,
    )

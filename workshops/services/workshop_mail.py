"""The e-mails that tell people a workshop is cancelled or postponed: one to each live
registrant and each invitee who has not declined, in their own language, through the
outbox; a postponement carries the workshop's calendar file with its new dates."""

from django.urls import reverse
from django.utils import translation

from idm_portal.core.links import absolute_url
from idm_portal.core.services.outbox import queue_mail
from workshops import calendar
from workshops.models import Workshop

TEMPLATES = {
    Workshop.Status.CANCELLED: "workshops/email/workshop_cancelled",
    Workshop.Status.POSTPONED: "workshops/email/workshop_postponed",
}


def tell_people(workshop, *, status, registrations, invitations, note=""):
    """Queue one message per person (inside the caller's transaction: sent only if it
    commits). Returns how many were queued."""
    template = TEMPLATES[status]
    links, calendars = {}, {}

    def shared(language):
        if language not in links:
            with translation.override(language):
                links[language] = (
                    absolute_url(workshop.get_absolute_url()),
                    absolute_url(reverse("workshops:my_registrations")),
                )
                if status == Workshop.Status.POSTPONED:
                    calendars[language] = calendar.workshop_calendar(
                        workshop, url=links[language][0]
                    )
        return links[language]

    def send(*, to, name, language, registered):
        workshop_url, my_registrations_url = shared(language)
        attachments = []
        if status == Workshop.Status.POSTPONED:
            attachments = [(f"{workshop.slug}.ics", calendars[language], "text/calendar")]
        queue_mail(
            to=to,
            template=template,
            language=language,
            context={
                "name": name,
                "workshop": workshop,
                "workshop_url": workshop_url,
                "my_registrations_url": my_registrations_url,
                "registered": registered,
                "note": note.strip(),
            },
            attachments=attachments,
        )

    told = set()
    for registration in registrations:
        if registration.email.lower() in told:
            continue
        told.add(registration.email.lower())
        send(
            to=registration.email,
            name=registration.badge_name,
            language=registration.person.preferred_language,
            registered=True,
        )
    for invitation in invitations:
        if invitation.email in told:
            continue
        told.add(invitation.email)
        send(
            to=invitation.email,
            name=invitation.name or invitation.email,
            language=invitation.language,
            registered=False,
        )
    return len(told)

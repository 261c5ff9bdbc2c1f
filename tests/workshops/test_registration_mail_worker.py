"""A confirmed registration's e-mail end to end: a real Redis broker, a real Celery worker
process and a real SMTP server on loopback (aiosmtpd)."""

import datetime as dt

import icalendar
import pytest
from django.utils import timezone

from idm_portal.core.models import Organization, OutgoingMail
from idm_portal.core.services import outbox
from tests.conftest import wait_for
from tests.factories import OrganizationFactory, UserFactory, WorkshopFactory
from workshops.services import registration as services

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def wait_until_settled(mail):
    wait_for(
        lambda: (
            OutgoingMail.objects.values_list("status", flat=True).get(pk=mail.pk)
            in (OutgoingMail.Status.SENT, OutgoingMail.Status.FAILED)
        ),
        message=f"mail {mail.pk} to be sent or failed",
    )
    mail.refresh_from_db()
    return mail


def drain(smtp):
    """Wait until the worker has handled every task queued before this call: a marker mail
    queued last is delivered last (the worker's pool handles one task at a time, in order)."""
    marker = outbox.queue_mail(
        to="marker@example.org",
        template="core/email/test",
        context={"name": "Marker"},
        language="en",
    )
    wait_until_settled(marker)
    smtp.messages[:] = [m for m in smtp.messages if m["Message-ID"] != marker.message_id]


def attachments(message):
    return {
        part.get_filename(): part
        for part in message.walk()
        if part.get_filename() and part.get_content_maintype() != "multipart"
    }


def test_a_confirmed_registration_delivers_one_french_message_with_ics_and_qr(celery_worker, smtp):
    now = timezone.now()
    workshop = WorkshopFactory(
        title="Migration et droits de l'homme",
        slug="droits-de-l-homme",
        capacity=10,
        registration_opens=now - dt.timedelta(days=1),
        registration_closes=now + dt.timedelta(days=10),
    )
    person = UserFactory(email="delphine@example.org", name="Delphine Déléguée")
    person.preferred_language = "fr"
    person.save(update_fields=["preferred_language"])

    registration, created = services.register(
        workshop,
        person=person,
        organization=OrganizationFactory(),
        category=Organization.Kind.NGO,
        badge_name="Delphine Déléguée",
        email="delphine@example.org",
    )

    assert created
    assert registration.status == "confirmed"
    # The worker renders the confirmation into the outbox, then delivers it.
    mail = wait_for(
        lambda: OutgoingMail.objects.filter(
            to="delphine@example.org", template="workshops/email/registration_confirmed"
        ).first(),
        message="the worker to render the confirmation",
    )
    assert wait_until_settled(mail).status == OutgoingMail.Status.SENT
    drain(smtp)
    assert smtp.message_ids() == [mail.message_id]
    message = smtp.messages[0]
    assert message["To"] == "delphine@example.org"

    assert mail.language == "fr"
    # A long encoded subject is folded onto a continuation line; mail readers strip that.
    assert message["Subject"].strip() == "Inscription confirmée : Migration et droits de l'homme"
    text = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    body = text.get_payload(decode=True).decode()
    assert (
        "Votre inscription à « Migration et droits de l'homme » (25–26 mars 2009, Geneva) "
        "est confirmée." in body
    )
    assert "/fr/" in body  # links to the French pages

    files = attachments(message)
    assert set(files) == {"droits-de-l-homme.ics", "check-in.png"}
    ics = files["droits-de-l-homme.ics"]
    assert ics.get_content_type() == "text/calendar"
    events = icalendar.Calendar.from_ical(ics.get_payload(decode=True)).walk("VEVENT")
    assert len(events) == 1
    assert str(events[0]["SUMMARY"]) == "Migration et droits de l'homme"
    assert events[0].decoded("DTSTART") == dt.date(2009, 3, 25)
    png = files["check-in.png"]
    assert png.get_content_type() == "image/png"
    assert png.get_payload(decode=True).startswith(b"\x89PNG\r\n\x1a\n")

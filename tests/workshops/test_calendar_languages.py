"""The calendar file (.ics) attached to invitations and registration confirmations is built
in the recipient's language, one file per language: French invitees get a French calendar,
English invitees an English one, from the same batch."""

import base64

import pytest
from icalendar import Calendar

from idm_portal.core.models import OutgoingMail
from tests.factories import (
    InvitationFactory,
    OrganizationFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    UserFactory,
    WorkshopFactory,
)
from workshops.models import Registration
from workshops.services import invitations
from workshops.services.agenda import publish_agenda
from workshops.services.registration_mail import send_registration_mail

pytestmark = pytest.mark.django_db


def attached_calendar(mail):
    (ics,) = [item for item in mail.attachments if item["mimetype"] == "text/calendar"]
    return Calendar.from_ical(base64.b64decode(ics["content"]))


@pytest.fixture
def workshop_with_agenda(secretariat):
    workshop = WorkshopFactory(slug="social-change", title="Migration and Social Change")
    panel = SessionFactory(workshop=workshop, title="Session I: Policy", kind="panel")
    SessionSpeakerFactory(
        session=panel,
        role="moderator",
        speaker=SpeakerFactory(title="Mr", name="Mo Derator", position="", organization="IOM"),
    )
    publish_agenda(workshop, actor=secretariat, prerender_pdf=False)
    return workshop


def test_an_invitation_in_french_carries_a_french_calendar_and_one_in_english_an_english_one(
    secretariat, workshop_with_agenda
):
    workshop = workshop_with_agenda
    InvitationFactory(workshop=workshop, email="fr@example.org", language="fr")
    InvitationFactory(workshop=workshop, email="en@example.org", language="en")
    invitations.send_invitations(workshop, actor=secretariat)

    assert invitations.send_due_invitations() == 2

    french = attached_calendar(OutgoingMail.objects.get(to="fr@example.org"))
    english = attached_calendar(OutgoingMail.objects.get(to="en@example.org"))
    assert str(french["X-WR-CALDESC"]) == "Programme, version 1"
    assert str(english["X-WR-CALDESC"]) == "Agenda, release 1"
    (french_event,) = french.walk("VEVENT")
    (english_event,) = english.walk("VEVENT")
    assert str(french_event["SUMMARY"]) == str(english_event["SUMMARY"]) == "Session I: Policy"
    assert str(french_event["DESCRIPTION"]).splitlines() == [
        "Table ronde",
        "Modérateur(trice) : Mr Mo Derator (IOM)",
    ]
    assert str(english_event["DESCRIPTION"]).splitlines() == [
        "Panel",
        "Moderator: Mr Mo Derator (IOM)",
    ]
    assert "/fr/" in str(french_event["URL"])
    assert "/en/" in str(english_event["URL"])


@pytest.mark.parametrize(
    ("language", "description"),
    [
        ("fr", "Dialogue international sur la migration 2009: Premier atelier intersessions"),
        ("en", "International Dialogue on Migration 2009: First intersessional workshop"),
    ],
)
def test_a_confirmation_carries_the_calendar_in_the_registrants_language(language, description):
    workshop = WorkshopFactory(slug="human-rights", ordinal=1, capacity=10)
    person = UserFactory(preferred_language=language)
    registration = Registration.objects.create(
        workshop=workshop,
        person=person,
        organization=OrganizationFactory(kind="ngo"),
        category="ngo",
        badge_name="Dana Delegate",
        email=person.email,
        status=Registration.Status.CONFIRMED,
    )

    mail = send_registration_mail(registration.pk, "confirmed")

    calendar = attached_calendar(mail)
    (event,) = calendar.walk("VEVENT")
    assert str(event["DESCRIPTION"]) == description
    assert str(calendar["X-WR-CALDESC"]) == description
    assert f"/{language}/" in str(event["URL"])

"""Workshops with people in every state, for the lifecycle tests: registrations (confirmed,
pending, wait-listed, some already cancelled) and invitations (sent, declined, scheduled,
rendered into the outbox but not sent, with queued reminders)."""

import datetime as dt
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.utils import timezone

from idm_portal.core.models import Organization, OutgoingMail
from idm_portal.core.services.outbox import new_message_id
from tests.factories import MemberStateFactory, OrganizationFactory, UserFactory, WorkshopFactory
from workshops.models import Invitation, Registration

CANCELLED_TEMPLATE = "workshops/email/workshop_cancelled"
POSTPONED_TEMPLATE = "workshops/email/workshop_postponed"


@contextmanager
def tasks_run_in_process():
    """Queued tasks run in-process, as in the embedded mode (no broker): the registration
    e-mails that promotions queue on commit reach the outbox within the test."""
    from idm_portal.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        yield
    finally:
        app.conf.task_always_eager = previous


def open_workshop(**fields):
    now = timezone.now()
    fields.setdefault("registration_opens", now - dt.timedelta(days=1))
    fields.setdefault("registration_closes", now + dt.timedelta(days=30))
    return WorkshopFactory(**fields)


def add_registrations(
    workshop, count, status, *, language="en", category="ngo", organization=None, start=0
):
    """``count`` registrations in ``status``, wait-listed one second apart (in order)."""
    if organization is None:
        organization = (
            government()
            if category == Organization.Kind.GOVERNMENT
            else OrganizationFactory(kind=category)
        )
    people = UserFactory.create_batch(count, preferred_language=language)
    now = timezone.now()
    rows = [
        Registration(
            workshop=workshop,
            person=person,
            organization=organization,
            category=category,
            badge_name=person.name,
            email=person.email,
            status=status,
            confirmed_at=now if status == Registration.Status.CONFIRMED else None,
            waitlisted_at=(
                now - dt.timedelta(hours=1) + dt.timedelta(seconds=start + index)
                if status == Registration.Status.WAITLISTED
                else None
            ),
            cancelled_at=now if status == Registration.Status.CANCELLED else None,
        )
        for index, person in enumerate(people)
    ]
    return Registration.objects.bulk_create(rows)


def mail_row(to, status, *, template="workshops/email/invitation", language="en"):
    return OutgoingMail.objects.create(
        to=to,
        language=language,
        template=template,
        subject="Invitation",
        body_text="You are invited.",
        from_email="idm@example.org",
        message_id=new_message_id(),
        status=status,
        sent_at=timezone.now() if status == OutgoingMail.Status.SENT else None,
    )


def add_invitations(workshop, count, *, kind, language="en", prefix="invitee"):
    """Invitations of one kind: "sent" (mail sent, not answered), "declined" (sent, then
    declined), "scheduled" (a future send_at, no mail), "queued" (rendered into the outbox,
    not yet sent), "reminder" (sent, with a reminder queued in the outbox)."""
    now = timezone.now()
    made = []
    for index in range(count):
        email = f"{prefix}-{kind}-{index}@example.org"
        invitation = Invitation(
            workshop=workshop, email=email, name=f"{kind.title()} {index}", language=language
        )
        if kind in ("sent", "declined", "reminder"):
            invitation.mail = mail_row(email, OutgoingMail.Status.SENT, language=language)
            invitation.send_at = now - dt.timedelta(days=3)
        if kind == "declined":
            invitation.answer = Invitation.Answer.DECLINED
            invitation.answered_at = now
        if kind == "reminder":
            invitation.reminder_mail = mail_row(
                email,
                OutgoingMail.Status.QUEUED,
                template="workshops/email/invitation_reminder",
                language=language,
            )
            invitation.reminded_at = now
        if kind == "scheduled":
            invitation.send_at = now + dt.timedelta(days=2)
        if kind == "queued":
            invitation.mail = mail_row(email, OutgoingMail.Status.QUEUED, language=language)
            invitation.send_at = now - dt.timedelta(minutes=1)
        invitation.save()
        made.append(invitation)
    return made


@dataclass
class Crowd:
    workshop: object
    registrations: list = field(default_factory=list)  # the live ones
    ended: list = field(default_factory=list)
    told_invitations: list = field(default_factory=list)
    declined: list = field(default_factory=list)
    scheduled: list = field(default_factory=list)
    queued: list = field(default_factory=list)

    @property
    def emails_to_tell(self):
        return sorted(
            [r.email for r in self.registrations] + [i.email for i in self.told_invitations]
        )


def crowd(workshop, *, scale=1):
    """30 live registrations (20 confirmed, two of them French-speaking, 5 pending, 5
    wait-listed) and 3 cancelled; 45 invitations: 25 sent, 5 sent with a reminder queued, 5
    declined, 5 scheduled for later, 5 rendered into the outbox and not sent yet.
    Cancelling tells 30 registrants and 30 invitees."""
    c = Crowd(workshop)
    c.registrations += add_registrations(workshop, 18, Registration.Status.CONFIRMED)
    c.registrations += add_registrations(workshop, 2, Registration.Status.CONFIRMED, language="fr")
    c.registrations += add_registrations(workshop, 5, Registration.Status.PENDING)
    c.registrations += add_registrations(workshop, 5, Registration.Status.WAITLISTED)
    c.ended += add_registrations(workshop, 3, Registration.Status.CANCELLED)
    c.told_invitations += add_invitations(workshop, 23, kind="sent")
    c.told_invitations += add_invitations(workshop, 2, kind="sent", language="es", prefix="es")
    c.told_invitations += add_invitations(workshop, 5, kind="reminder")
    c.declined += add_invitations(workshop, 5, kind="declined")
    c.scheduled += add_invitations(workshop, 5, kind="scheduled")
    c.queued += add_invitations(workshop, 5, kind="queued")
    return c


def government(country="PH", name="Philippines"):
    return MemberStateFactory(country=country, name=name)

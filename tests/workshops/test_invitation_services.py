"""Invitation services: inviting (once per address), rendering into the outbox (once per
invitation), the message's placeholders, CSV import, answers and reminders."""

import datetime as dt
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from idm_portal.core.models import Organization, OutgoingMail
from tests.conftest import ROOT
from tests.factories import (
    FocalPointFactory,
    InvitationFactory,
    OrganizationFactory,
    UserFactory,
    WorkshopFactory,
)
from workshops import queries
from workshops.models import Invitation
from workshops.services import invitation_messages
from workshops.services import invitations as services
from workshops.services.invitation_import import import_csv

pytestmark = pytest.mark.django_db


def recipient(email, **fields):
    return services.Recipient(email=email, **fields)


def test_invite_twice_updates_the_row_never_duplicates(secretariat):
    workshop = WorkshopFactory()
    assert services.invite(
        workshop, actor=secretariat, recipients=[recipient("Ana@Example.org", name="Ana")]
    ) == (1, 0)
    first = Invitation.objects.get()
    added, updated = services.invite(
        workshop,
        actor=secretariat,
        recipients=[recipient("ana@example.ORG", name="Ana Lopez", language="es")],
    )
    assert (added, updated) == (0, 1)
    invitation = Invitation.objects.get()
    assert (invitation.pk, invitation.token) == (first.pk, first.token)
    assert (invitation.email, invitation.name, invitation.language) == (
        "ana@example.org",
        "Ana Lopez",
        "es",
    )
    # Another workshop: another invitation, another token.
    services.invite(WorkshopFactory(), actor=secretariat, recipients=[recipient("ana@example.org")])
    tokens = set(Invitation.objects.values_list("token", flat=True))
    assert len(tokens) == 2


def test_invite_is_refused_to_a_delegate(delegate):
    with pytest.raises(PermissionDenied):
        services.invite(WorkshopFactory(), actor=delegate, recipients=[recipient("a@b.org")])
    assert not Invitation.objects.exists()


def test_focal_point_recipients_by_group_and_organization():
    member = FocalPointFactory(
        user__email="ch@example.org", member_state__country="CH", member_state__name="Switzerland"
    )
    observer_state = Organization.objects.create(
        name="Holy See", kind="government", country="VA", iom_status="observer_state"
    )
    observer = FocalPointFactory(user__email="va@example.org", member_state=observer_state)
    ngo = OrganizationFactory(name="Migrants' Rights NGO")
    ngo_contact = FocalPointFactory(user__email="ngo@example.org", member_state=ngo)
    found = services.focal_point_recipients(member_states=True)
    assert [r.email for r in found] == ["ch@example.org"]
    found = services.focal_point_recipients(observer_states=True, organizations=[ngo])
    assert {r.email for r in found} == {"va@example.org", "ngo@example.org"}
    assert member.member_state.name == "Switzerland"
    assert observer.user.email == "va@example.org"
    assert ngo_contact.member_state == ngo


def test_send_due_invitations_renders_each_invitation_once(secretariat, settings):
    workshop = WorkshopFactory(title="Migration and Social Change", slug="social-change")
    invitations = InvitationFactory.create_batch(5, workshop=workshop)
    InvitationFactory(workshop=workshop, email="later@example.org")
    services.send_invitations(workshop, actor=secretariat)
    Invitation.objects.filter(email="later@example.org").update(
        send_at=timezone.now() + dt.timedelta(hours=2)
    )
    assert services.send_due_invitations(batch_size=2) == 5
    assert services.send_due_invitations() == 0  # a second run finds nothing to do
    mails = OutgoingMail.objects.filter(template="workshops/email/invitation")
    assert mails.count() == 5
    first = Invitation.objects.select_related("mail").get(pk=invitations[0].pk)
    assert first.mail.message_id == (f"<idm-invitation.{workshop.pk}.{first.pk}@iom.example>")
    assert first.mail.subject == "Invitation: Migration and Social Change"
    assert first.mail.attachments[0]["filename"] == "social-change.ics"
    # Two hours later, the beat sends the one scheduled then.
    later = timezone.now() + dt.timedelta(hours=3)
    assert services.send_due_invitations(now=later) == 1


def test_a_mail_already_in_the_outbox_is_linked_again_not_queued_twice(secretariat):
    invitation = InvitationFactory()
    services.send_invitations(invitation.workshop, actor=secretariat)
    services.send_due_invitations()
    invitation.refresh_from_db()
    mail = invitation.mail
    Invitation.objects.filter(pk=invitation.pk).update(mail=None)
    assert services.send_due_invitations() == 1
    invitation.refresh_from_db()
    assert invitation.mail == mail
    assert OutgoingMail.objects.count() == 1


def test_derived_status_follows_the_mail_and_the_answer(secretariat):
    workshop = WorkshopFactory()
    queued, sent, failed, declined = InvitationFactory.create_batch(4, workshop=workshop)
    services.send_invitations(workshop, actor=secretariat)
    services.send_due_invitations()
    for invitation, status in ((sent, "sent"), (failed, "failed"), (declined, "sent")):
        invitation.refresh_from_db()
        OutgoingMail.objects.filter(pk=invitation.mail_id).update(status=status)
    Invitation.objects.filter(pk=queued.pk).update(mail=None, send_at=None)
    services.decline_invitation(declined, reason="Busy")
    statuses = dict(queries.invitations_with_status(workshop).values_list("email", "status"))
    assert statuses == {
        queued.email: "queued",
        sent.email: "sent",
        failed.email: "failed",
        declined.email: "declined",
    }
    counts = queries.invitation_counts(workshop, timezone.now())
    assert (counts["queued"], counts["sent"], counts["failed"], counts["declined"]) == (1, 1, 1, 1)
    assert counts["unscheduled"] == 1


def test_placeholders_are_filled_and_unknown_ones_reported(secretariat, settings):
    settings.SITE_DOMAIN = "idm.example.org"
    workshop = WorkshopFactory(title="South-South Migration", venue="Palais des Nations")
    assert invitation_messages.unknown_placeholders("Hi {name}, {colour} {x y} {venue}") == [
        "colour"
    ]
    with pytest.raises(ValidationError) as refused:
        services.save_message(
            workshop, actor=secretariat, language="fr", subject="{titre}", body="{answer_link}"
        )
    assert "Unknown placeholder: {titre}" in refused.value.message_dict["body"][0]
    with pytest.raises(ValidationError) as refused:
        services.save_message(
            workshop, actor=secretariat, language="fr", subject="S", body="No link"
        )
    assert "must contain {answer_link}" in refused.value.message_dict["body"][0]
    services.save_message(
        workshop,
        actor=secretariat,
        language="fr",
        subject="Invitation : {workshop}",
        body="Bonjour {name}, le {dates} à {venue} : {answer_link}",
    )
    invitation = InvitationFactory(workshop=workshop, language="fr", name="Zoé")
    texts = invitation_messages.message_texts(workshop, "fr")
    shared = invitation_messages.workshop_values(workshop, "fr")
    subject, body = invitation_messages.render_invitation_text(
        invitation, texts=texts, shared=shared
    )
    assert subject == "Invitation : South-South Migration"
    assert body == (
        "Bonjour Zoé, le 25–26 mars 2009 à Palais des Nations, Geneva : "
        f"https://idm.example.org/fr/workshops/2009/{workshop.slug}/invitation/{invitation.token}/"
    )


CSV = (
    b"name,email,organization,language\n"
    b"Ana Lopez,ana@example.org,Migrants' Rights NGO,es\n"
    b"Bad Address,not-an-address,,en\n"
    b"Claire Martin,claire@example.org,,FR\n"
    b"Ana again,ANA@example.org,,en\n"
    b"Klaus Weber,klaus@example.org,,de\n"
    b"\n"
    b"Dana,dana@example.org,,\n"
)


def test_csv_import_takes_the_good_rows_and_reports_each_bad_row_by_line(secretariat):
    workshop = WorkshopFactory()
    ngo = OrganizationFactory(name="Migrants' Rights NGO")
    result = import_csv(workshop, actor=secretariat, data=CSV)
    assert result.refused_file == ""
    assert result.errors == [
        (3, "“not-an-address” is not a valid e-mail address."),
        (5, "ana@example.org is already on line 2 of the file."),
        (6, "Unknown language “de”: write en, fr or es."),
    ]
    assert (result.added, result.updated) == (3, 0)
    rows = list(
        Invitation.objects.order_by("email").values_list(
            "email", "name", "language", "organization", "organization_name"
        )
    )
    assert rows == [
        ("ana@example.org", "Ana Lopez", "es", ngo.pk, "Migrants' Rights NGO"),
        ("claire@example.org", "Claire Martin", "fr", None, ""),
        ("dana@example.org", "Dana", "en", None, ""),
    ]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "The file is empty."),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "This is not a CSV file"),
        ("name,email\nZoé,zoe@example.org\n".encode("latin-1"), "not UTF-8 text"),
        (b"name,address\nA,a@example.org\n", "an “email” column at least"),
    ],
)
def test_csv_import_of_an_unreadable_file_imports_nothing(secretariat, data, reason):
    result = import_csv(WorkshopFactory(), actor=secretariat, data=data)
    assert reason in result.refused_file
    assert not Invitation.objects.exists()


def test_decline_records_the_reason_once():
    invitation = InvitationFactory()
    services.decline_invitation(invitation, reason="  On mission that week.  ")
    invitation.refresh_from_db()
    assert (invitation.answer, invitation.decline_reason) == ("declined", "On mission that week.")
    assert invitation.answered_at is not None
    with pytest.raises(services.AlreadyAnswered):
        services.decline_invitation(invitation, reason="Again")
    invitation.refresh_from_db()
    assert invitation.decline_reason == "On mission that week."


def _reminder_world(secretariat, now):
    workshop = WorkshopFactory(
        registration_opens=now - dt.timedelta(days=10),
        registration_closes=now + dt.timedelta(days=3),
    )
    invitations = InvitationFactory.create_batch(4, workshop=workshop)
    services.send_invitations(workshop, actor=secretariat)
    services.send_due_invitations()
    OutgoingMail.objects.update(status="sent", sent_at=now - dt.timedelta(days=2))
    return workshop, invitations


def test_reminders_go_once_and_only_to_those_who_have_not_answered(secretariat, settings):
    settings.INVITATION_REMINDER_DAYS = 7
    now = timezone.now()
    workshop, (silent, declined, accepted, never_sent) = _reminder_world(secretariat, now)
    services.decline_invitation(declined)
    Invitation.objects.filter(pk=accepted.pk).update(answer="accepted", answered_at=now)
    never_sent.refresh_from_db()
    OutgoingMail.objects.filter(pk=never_sent.mail_id).update(status="failed")

    assert services.send_invitation_reminders() == 1
    assert services.send_invitation_reminders() == 0  # never twice
    silent.refresh_from_db()
    assert silent.reminded_at is not None
    reminder = silent.reminder_mail
    assert reminder.to == silent.email
    assert reminder.message_id == f"<idm-reminder.{workshop.pk}.{silent.pk}@iom.example>"
    assert reminder.subject == f"Reminder: invitation to {workshop.title}"
    assert silent.get_answer_url() in reminder.body_text
    assert OutgoingMail.objects.filter(template__endswith="invitation_reminder").count() == 1


def test_reminders_wait_until_the_days_before_registration_closes(secretariat, settings):
    settings.INVITATION_REMINDER_DAYS = 2
    _reminder_world(secretariat, timezone.now())  # closes in 3 days
    assert services.send_invitation_reminders() == 0
    later = timezone.now() + dt.timedelta(days=1, hours=1)
    assert services.send_invitation_reminders(now=later) == 4
    after_closing = timezone.now() + dt.timedelta(days=4)
    assert services.send_invitation_reminders(now=after_closing) == 0


def test_an_invitation_sent_less_than_a_day_ago_is_not_reminded_yet(secretariat, settings):
    settings.INVITATION_REMINDER_DAYS = 7
    now = timezone.now()
    _reminder_world(secretariat, now)  # closes in 3 days: inside the reminder window
    OutgoingMail.objects.update(sent_at=now - dt.timedelta(hours=3))
    assert services.send_invitation_reminders(now=now) == 0
    assert services.send_invitation_reminders(now=now + dt.timedelta(hours=22)) == 4


def test_accepting_links_the_registration(secretariat):
    invitation = InvitationFactory()
    person = UserFactory(email=invitation.email)  # the invited address's account
    from workshops.models import Registration

    registration = Registration.objects.create(
        workshop=invitation.workshop,
        person=person,
        organization=OrganizationFactory(),
        category="ngo",
        badge_name="X",
        email=person.email,
    )
    services.accept_invitation(invitation, registration=registration)
    invitation.refresh_from_db()
    assert (invitation.answer, invitation.registration) == ("accepted", registration)


def test_the_beat_runs_the_invitation_tasks():
    from idm_portal.celery import app
    from workshops import tasks  # noqa: F401  (registers the tasks)

    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"workshops.send_due_invitations", "workshops.send_invitation_reminders"} <= scheduled
    assert {"workshops.send_due_invitations", "workshops.send_invitation_reminders"} <= set(
        app.tasks
    )


def test_mail_rate_limit_from_the_settings_limits_the_delivery_task():
    """MAIL_RATE_LIMIT is read when the worker imports the task: checked in a fresh
    process."""
    script = (
        "import django; django.setup()\n"
        "from idm_portal.core.tasks import deliver_mail_task\n"
        "print(deliver_mail_task.rate_limit)\n"
    )
    env = {
        **os.environ,
        "MAIL_RATE_LIMIT": "120/m",
        "DJANGO_SETTINGS_MODULE": "idm_portal.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "120/m"


class WorkerDies(BaseException):
    """Stands for the worker's death (SIGKILL, the OOM killer): nothing in the portal
    catches it."""


def test_rendering_stopped_mid_batch_leaves_the_batch_undone_and_resumes_without_duplicates(
    secretariat, monkeypatch
):
    """A worker that dies while rendering: the batch in hand is rolled back as a whole (here
    a BaseException on the 150th mail stands for the death: unlike an error of one
    invitation, which is kept on its row, nothing catches it), the batches before it stay;
    the next run renders the rest, each invitation once."""
    workshop = WorkshopFactory()
    InvitationFactory.create_batch(250, workshop=workshop)
    services.send_invitations(workshop, actor=secretariat)
    build_mail = services.outbox.build_mail
    calls = []

    def dies_on_the_150th(**kwargs):
        calls.append(kwargs["to"])
        if len(calls) == 150:
            raise WorkerDies
        return build_mail(**kwargs)

    monkeypatch.setattr(services.outbox, "build_mail", dies_on_the_150th)
    with pytest.raises(WorkerDies):
        services.send_due_invitations()
    assert OutgoingMail.objects.count() == 100  # the first batch of 100, whole
    assert Invitation.objects.filter(mail__isnull=False).count() == 100

    monkeypatch.setattr(services.outbox, "build_mail", build_mail)
    assert services.send_due_invitations() == 150
    assert OutgoingMail.objects.count() == 250
    assert OutgoingMail.objects.values("message_id").distinct().count() == 250
    assert not Invitation.objects.filter(mail__isnull=True).exists()

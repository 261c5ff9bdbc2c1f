"""The workshop's life as services: create, edit, publish, change status (cancel, postpone),
capacity and quotas, open and close registration. Every e-mail is a real outbox row.

Over 400 lines on purpose: 20 tests of one service module, sharing its fixtures."""

import base64
import datetime as dt
from collections import Counter

import icalendar
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from idm_portal.core.models import OutgoingMail
from idm_portal.core.services.outbox import deliver_mail
from tests.factories import IdmYearFactory, UserFactory, WorkshopFactory
from tests.workshops.lifecycle_fixtures import (
    CANCELLED_TEMPLATE,
    POSTPONED_TEMPLATE,
    add_invitations,
    add_registrations,
    crowd,
    open_workshop,
    tasks_run_in_process,
)
from workshops.models import CategoryQuota, Invitation, Registration, Workshop
from workshops.services import lifecycle
from workshops.services.invitations import send_due_invitations
from workshops.services.registration import registration_window_error

pytestmark = pytest.mark.django_db


@pytest.fixture
def tasks_in_process():
    with tasks_run_in_process():
        yield


def mails(template):
    return OutgoingMail.objects.filter(template=template)


def promoted_mails():
    return Counter(
        OutgoingMail.objects.filter(
            template__in=[
                "workshops/email/registration_promoted",
                "workshops/email/registration_promoted_pending",
            ]
        ).values_list("to", flat=True)
    )


# --- Cancel ---


def test_cancelling_tells_30_registrants_and_30_invitees_once_each_in_their_language(
    secretariat,
):
    workshop = open_workshop(capacity=20)
    people = crowd(workshop)

    change = lifecycle.change_status(
        workshop, actor=secretariat, status=Workshop.Status.CANCELLED, note="Funding fell through."
    )

    assert change.changed
    assert change.told == 60
    sent = mails(CANCELLED_TEMPLATE)
    assert sorted(sent.values_list("to", flat=True)) == people.emails_to_tell
    assert len(people.emails_to_tell) == 60
    # The declined, the scheduled and the not-yet-sent invitees, and the registrations
    # that had ended, are not told.
    untold = [i.email for i in people.declined + people.scheduled + people.queued]
    untold += [r.email for r in people.ended]
    assert not sent.filter(to__in=untold).exists()
    languages = dict(sent.values_list("to", "language"))
    assert [languages[r.email] for r in people.registrations if r.person.preferred_language == "fr"]
    assert all(languages[r.email] == r.person.preferred_language for r in people.registrations)
    assert sorted(v for k, v in languages.items() if k.startswith("es-")) == ["es", "es"]
    first = sent.get(to=people.registrations[0].email)
    assert first.subject == f"Cancelled: {workshop.title}"
    assert "is cancelled" in first.body_text
    assert "Your registration is cancelled with it" in first.body_text
    assert "Funding fell through." in first.body_text
    assert "Funding fell through." in first.body_html
    invitee = sent.get(to=people.told_invitations[0].email)
    assert "Your registration" not in invitee.body_text


def test_cancelling_withdraws_every_invitation_and_reminder_not_yet_sent(secretariat):
    workshop = open_workshop()
    people = crowd(workshop)
    queued_mail_ids = [i.mail_id for i in people.queued]
    reminder_ids = list(
        Invitation.objects.filter(reminder_mail__isnull=False).values_list(
            "reminder_mail_id", flat=True
        )
    )

    change = lifecycle.change_status(workshop, actor=secretariat, status="cancelled")

    assert change.withdrawn == 5 + 5 + 5  # scheduled, rendered, reminders
    for mail_id in queued_mail_ids + reminder_ids:
        assert OutgoingMail.objects.get(pk=mail_id).status == OutgoingMail.Status.WITHDRAWN
        assert deliver_mail(mail_id) is None  # the worker's task, should it still come
        assert OutgoingMail.objects.get(pk=mail_id).status == OutgoingMail.Status.WITHDRAWN
    unscheduled = Invitation.objects.filter(pk__in=[i.pk for i in people.scheduled + people.queued])
    assert list(unscheduled.values_list("send_at", "mail")) == [(None, None)] * 10
    # The beat, next week: nothing of this workshop is due, nothing is rendered.
    assert send_due_invitations(now=timezone.now() + dt.timedelta(days=7)) == 0
    assert (
        OutgoingMail.objects.filter(template="workshops/email/invitation")
        .exclude(status__in=[OutgoingMail.Status.SENT, OutgoingMail.Status.WITHDRAWN])
        .count()
        == 0
    )


def test_cancelling_closes_registration_and_cancels_the_live_registrations(secretariat):
    workshop = open_workshop()
    people = crowd(workshop)

    lifecycle.change_status(workshop, actor=secretariat, status="cancelled")

    workshop.refresh_from_db()
    assert workshop.status == "cancelled"
    assert workshop.registration_closes <= timezone.now()
    assert registration_window_error(workshop) == "This workshop is cancelled."
    live = Registration.objects.filter(pk__in=[r.pk for r in people.registrations])
    assert set(live.values_list("status", flat=True)) == {"cancelled"}


def test_cancelling_twice_tells_nobody_the_second_time(secretariat):
    workshop = open_workshop()
    crowd(workshop)
    lifecycle.change_status(workshop, actor=secretariat, status="cancelled")

    again = lifecycle.change_status(workshop, actor=secretariat, status="cancelled")

    assert not again.changed
    assert again.told == 0
    assert mails(CANCELLED_TEMPLATE).count() == 60


def test_a_held_workshop_cannot_be_cancelled(secretariat):
    workshop = open_workshop(status="held")
    with pytest.raises(ValidationError, match="held cannot be cancelled"):
        lifecycle.change_status(workshop, actor=secretariat, status="cancelled")


# --- Postpone ---


def test_postponing_keeps_registrations_and_sends_the_new_dates_with_a_new_ics(secretariat):
    workshop = open_workshop(title="Migration and Social Change", slug="social-change")
    people = crowd(workshop)

    change = lifecycle.change_status(
        workshop,
        actor=secretariat,
        status="postponed",
        start_date=dt.date(2009, 6, 10),
        end_date=dt.date(2009, 6, 11),
    )

    assert change.told == 60
    workshop.refresh_from_db()
    assert (workshop.status, workshop.start_date, workshop.end_date) == (
        "postponed",
        dt.date(2009, 6, 10),
        dt.date(2009, 6, 11),
    )
    assert workshop.registration_closes <= timezone.now()
    kept = Registration.objects.filter(pk__in=[r.pk for r in people.registrations])
    assert Counter(kept.values_list("status", flat=True)) == {
        "confirmed": 20,
        "pending": 5,
        "waitlisted": 5,
    }
    sent = mails(POSTPONED_TEMPLATE)
    assert sorted(sent.values_list("to", flat=True)) == people.emails_to_tell
    mail = sent.get(to=people.registrations[0].email)
    assert mail.subject == "Postponed to 10–11 June 2009: Migration and Social Change"
    assert "Its new dates are 10–11 June 2009 (Geneva)" in mail.body_text
    (attachment,) = mail.attachments
    assert attachment["filename"] == "social-change.ics"
    (event,) = icalendar.Calendar.from_ical(base64.b64decode(attachment["content"])).walk("VEVENT")
    assert event.decoded("DTSTART") == dt.date(2009, 6, 10)
    assert event.decoded("DTEND") == dt.date(2009, 6, 12)  # all-day: the day after the last
    assert Invitation.objects.filter(pk__in=[i.pk for i in people.queued], mail=None).count() == 5


def test_postponing_needs_new_dates(secretariat):
    workshop = open_workshop()
    with pytest.raises(ValidationError, match="needs its new dates"):
        lifecycle.change_status(workshop, actor=secretariat, status="postponed")
    with pytest.raises(ValidationError, match="dates already"):
        lifecycle.change_status(
            workshop,
            actor=secretariat,
            status="postponed",
            start_date=workshop.start_date,
            end_date=workshop.end_date,
        )
    assert mails(POSTPONED_TEMPLATE).count() == 0


def test_a_postponed_invitation_sent_again_is_rendered_afresh(secretariat):
    """A withdrawn invitation loses its mail and its Message-ID: sent again after the
    postponement, it is rendered anew (with the new dates), not linked to the withdrawn
    row."""
    from workshops.services.invitations import send_invitations

    workshop = open_workshop()
    (queued,) = add_invitations(workshop, 1, kind="queued")
    withdrawn_id = queued.mail_id
    lifecycle.change_status(
        workshop,
        actor=secretariat,
        status="postponed",
        start_date=dt.date(2009, 9, 1),
        end_date=dt.date(2009, 9, 2),
    )
    assert send_invitations(workshop, actor=secretariat) == 1
    send_due_invitations(workshop_id=workshop.pk)
    queued.refresh_from_db()
    assert queued.mail_id not in (None, withdrawn_id)
    assert queued.mail.status == OutgoingMail.Status.QUEUED
    assert "1–2 September 2009" in queued.mail.body_text


# --- Other statuses ---


def test_a_status_that_tells_nobody_is_set_and_tells_nobody(secretariat):
    workshop = open_workshop(status="subject_to_funding")
    crowd(workshop)
    change = lifecycle.change_status(workshop, actor=secretariat, status="confirmed")
    assert change.changed
    assert change.previous == "subject_to_funding"
    assert change.told == 0
    assert Workshop.objects.get(pk=workshop.pk).status == "confirmed"
    assert (
        OutgoingMail.objects.filter(template__startswith="workshops/email/workshop_").count() == 0
    )


# --- Capacity and quotas ---


def test_raising_capacity_from_10_to_15_promotes_the_first_5_of_8_in_order_each_told_once(
    secretariat, django_capture_on_commit_callbacks, tasks_in_process
):
    workshop = open_workshop(capacity=10)
    add_registrations(workshop, 10, Registration.Status.CONFIRMED)
    waiting = add_registrations(workshop, 8, Registration.Status.WAITLISTED)

    with django_capture_on_commit_callbacks(execute=True):
        change = lifecycle.change_capacity(
            workshop, actor=secretariat, capacity=15, quota_per_delegation=None, quotas={}
        )

    assert [r.pk for r in change.promoted] == [r.pk for r in waiting[:5]]
    statuses = dict(Registration.objects.filter(workshop=workshop).values_list("pk", "status"))
    assert [statuses[r.pk] for r in waiting] == ["confirmed"] * 5 + ["waitlisted"] * 3
    assert promoted_mails() == {r.email: 1 for r in waiting[:5]}
    mail = OutgoingMail.objects.get(to=waiting[0].email)
    assert "is now confirmed" in mail.body_text
    assert change.changed == ["capacity"]


def test_raising_capacity_with_approval_on_makes_the_promoted_pending(
    secretariat, django_capture_on_commit_callbacks, tasks_in_process
):
    workshop = open_workshop(capacity=10, requires_approval=True)
    add_registrations(workshop, 10, Registration.Status.CONFIRMED)
    waiting = add_registrations(workshop, 8, Registration.Status.WAITLISTED)

    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.change_capacity(
            workshop, actor=secretariat, capacity=15, quota_per_delegation=None, quotas={}
        )

    statuses = dict(Registration.objects.filter(workshop=workshop).values_list("pk", "status"))
    assert [statuses[r.pk] for r in waiting] == ["pending"] * 5 + ["waitlisted"] * 3
    assert promoted_mails() == {r.email: 1 for r in waiting[:5]}
    mail = OutgoingMail.objects.get(to=waiting[0].email)
    assert "now waits for the Secretariat's approval" in mail.body_text
    assert Registration.objects.get(pk=waiting[0].pk).confirmed_at is None


def test_lowering_capacity_below_the_seats_taken_is_refused_with_the_numbers(secretariat):
    workshop = open_workshop(capacity=20)
    add_registrations(workshop, 10, Registration.Status.CONFIRMED)
    add_registrations(workshop, 2, Registration.Status.PENDING)
    add_registrations(workshop, 4, Registration.Status.WAITLISTED)

    with pytest.raises(ValidationError) as refused:
        lifecycle.change_capacity(
            workshop, actor=secretariat, capacity=11, quota_per_delegation=None, quotas={}
        )

    assert refused.value.message_dict == {
        "capacity": ["12 seats are taken; the capacity cannot be lower than 12."]
    }
    assert Workshop.objects.get(pk=workshop.pk).capacity == 20
    change = lifecycle.change_capacity(
        workshop, actor=secretariat, capacity=12, quota_per_delegation=None, quotas={}
    )
    assert change.promoted == []


def test_raising_a_category_quota_promotes_only_that_category(
    secretariat, django_capture_on_commit_callbacks, tasks_in_process
):
    workshop = open_workshop(capacity=50)
    CategoryQuota.objects.create(workshop=workshop, category="ngo", limit=3)
    add_registrations(workshop, 3, Registration.Status.CONFIRMED)
    ngos = add_registrations(workshop, 3, Registration.Status.WAITLISTED)
    academics = add_registrations(
        workshop, 1, Registration.Status.WAITLISTED, category="academia", start=10
    )

    with pytest.raises(ValidationError) as refused:
        lifecycle.change_capacity(
            workshop, actor=secretariat, capacity=50, quota_per_delegation=None, quotas={"ngo": 2}
        )
    assert refused.value.message_dict["quota_ngo"] == [
        "3 seats of Non-governmental organization are taken; the quota cannot be lower than 3."
    ]
    with django_capture_on_commit_callbacks(execute=True):
        change = lifecycle.change_capacity(
            workshop, actor=secretariat, capacity=50, quota_per_delegation=None, quotas={"ngo": 5}
        )

    # In the order of the list: two NGOs fill the new quota, the third waits; the academic
    # behind them takes a seat too (there is room, and academia has no quota).
    assert [r.pk for r in change.promoted] == [ngos[0].pk, ngos[1].pk, academics[0].pk]
    assert CategoryQuota.objects.get(workshop=workshop, category="ngo").limit == 5
    assert change.changed == ["quota_ngo"]


def test_removing_a_quota_deletes_it(secretariat):
    workshop = open_workshop()
    CategoryQuota.objects.create(workshop=workshop, category="media", limit=4)
    change = lifecycle.change_capacity(
        workshop, actor=secretariat, capacity=None, quota_per_delegation=3, quotas={"media": None}
    )
    assert not CategoryQuota.objects.filter(workshop=workshop).exists()
    assert change.changed == ["quota_per_delegation", "quota_media"]


# --- Create, edit, publish, registration window ---


def test_create_edit_and_publish_a_workshop(secretariat):
    year = IdmYearFactory()
    workshop = lifecycle.create_workshop(
        year,
        actor=secretariat,
        ordinal=2,
        title="Migration and Social Change",
        slug="social-change",
        start_date=dt.date(2009, 10, 7),
        end_date=dt.date(2009, 10, 8),
        city="Bangkok",
        time_zone="Asia/Bangkok",
    )
    assert (workshop.status, workshop.is_published) == ("planned", False)
    assert workshop.zone.key == "Asia/Bangkok"

    workshop, changed = lifecycle.update_workshop(
        workshop, actor=secretariat, title="Migration and social change", city="Bangkok"
    )
    assert changed == ["title"]
    assert lifecycle.set_published(workshop, actor=secretariat, published=True) is True
    assert lifecycle.set_published(workshop, actor=secretariat, published=True) is False
    assert Workshop.objects.get(pk=workshop.pk).is_published


def test_an_unknown_time_zone_is_refused(secretariat):
    with pytest.raises(ValidationError) as refused:
        lifecycle.create_workshop(
            IdmYearFactory(),
            actor=secretariat,
            ordinal=1,
            title="On Mars",
            slug="mars",
            start_date=dt.date(2009, 3, 25),
            end_date=dt.date(2009, 3, 26),
            city="Olympus",
            time_zone="Mars/Olympus",
        )
    assert refused.value.message_dict == {"time_zone": ["“Mars/Olympus” is not a known time zone."]}


def test_open_and_close_registration(secretariat):
    workshop = WorkshopFactory()
    assert registration_window_error(workshop) == "Registration for this workshop is not open."
    lifecycle.open_registration(workshop, actor=secretariat)
    workshop.refresh_from_db()
    assert registration_window_error(workshop) is None
    assert lifecycle.close_registration(workshop, actor=secretariat) == ["registration_closes"]
    workshop.refresh_from_db()
    assert registration_window_error(workshop).startswith("Registration closed on ")
    assert lifecycle.close_registration(workshop, actor=secretariat) == []


def test_a_cancelled_workshop_cannot_open_registration(secretariat):
    workshop = open_workshop()
    lifecycle.change_status(workshop, actor=secretariat, status="cancelled")
    with pytest.raises(ValidationError, match="registration stays closed"):
        lifecycle.open_registration(workshop, actor=secretariat)


@pytest.mark.parametrize(
    "call",
    [
        lambda w, a: lifecycle.create_workshop(w.idm_year, actor=a, title="X"),
        lambda w, a: lifecycle.update_workshop(w, actor=a, title="X"),
        lambda w, a: lifecycle.set_published(w, actor=a, published=False),
        lambda w, a: lifecycle.change_status(w, actor=a, status="cancelled"),
        lambda w, a: lifecycle.change_capacity(
            w, actor=a, capacity=1, quota_per_delegation=None, quotas={}
        ),
        lambda w, a: lifecycle.open_registration(w, actor=a),
        lambda w, a: lifecycle.close_registration(w, actor=a),
        lambda w, a: lifecycle.set_registration_window(w, actor=a, opens=None, closes=None),
    ],
)
def test_only_the_secretariat_runs_a_workshop(call, delegate):
    workshop = open_workshop()
    add_registrations(workshop, 2, Registration.Status.CONFIRMED)
    before = list(Workshop.objects.values())
    with pytest.raises(PermissionDenied):
        call(workshop, delegate)
    with pytest.raises(PermissionDenied):
        call(workshop, UserFactory(is_active=False))
    assert list(Workshop.objects.values()) == before
    assert OutgoingMail.objects.count() == 0


def test_an_invitee_who_registered_is_told_once(secretariat):
    workshop = open_workshop()
    (registration,) = add_registrations(workshop, 1, Registration.Status.CONFIRMED)
    (accepted,) = add_invitations(workshop, 1, kind="sent")
    Invitation.objects.filter(pk=accepted.pk).update(answer="accepted", registration=registration)
    (same_address,) = add_invitations(workshop, 1, kind="sent", prefix="again")
    Invitation.objects.filter(pk=same_address.pk).update(email=registration.email.lower())

    change = lifecycle.change_status(workshop, actor=secretariat, status="cancelled")

    assert change.told == 1
    assert list(mails(CANCELLED_TEMPLATE).values_list("to", flat=True)) == [registration.email]

"""Every event a system may listen to, delivered to a receiver on loopback with a signature
it can verify: a voting round closed (now, or at its time by the beat: once either way), an
invitation accepted or declined, and the registrations a change of workshop or of the
waiting list changes (promotions, a cancelled workshop, a withdrawn delegate). Each is
queued in the transaction of the change: a change rolled back tells no one."""

import datetime as dt
import json

import pytest
from django.db import transaction
from django.utils import timezone

from consultations.services import voting
from consultations.services.closing import close_round_now
from idm_portal.core.models import WebhookDelivery
from idm_portal.core.services import webhooks
from tests.factories import (
    FocalPointFactory,
    InvitationFactory,
    MemberStateFactory,
    OrganizationFactory,
    UserFactory,
    VotingRoundFactory,
    WorkshopFactory,
)
from workshops.models import Registration, Workshop
from workshops.services import delegations, invitations, lifecycle, registration


@pytest.fixture
def listen(secretariat, receiver):
    """listen(*events) -> a webhook of those events, its receiver started."""

    def make(*events):
        receiver.start()
        return webhooks.create_webhook(
            actor=secretariat, name="Conference services", url=receiver.url, events=events
        )

    return make


def delivered(receiver, hook):
    """[(event, object, data)] of what the receiver got, each signature checked."""
    got = []
    for headers, body in receiver.received:
        assert webhooks.verify(hook.secret, headers["X-IDM-Signature"], body)
        payload = json.loads(body)
        assert headers["X-IDM-Event"] == payload["event"]
        got.append((payload["event"], payload["object"], payload["data"]))
    return got


def _registrations(workshop, count, status, *, start=0):
    made = []
    for number in range(start, start + count):
        person = UserFactory()
        organization = OrganizationFactory()
        made.append(
            Registration.objects.create(
                workshop=workshop,
                person=person,
                organization=organization,
                category=organization.kind,
                badge_name=f"Person {number}",
                email=person.email,
                status=status,
                waitlisted_at=timezone.now() + dt.timedelta(seconds=number)
                if status == Registration.Status.WAITLISTED
                else None,
            )
        )
    return made


def _changed(registration, status):
    return (
        "registration.changed",
        f"registration:{registration.pk}",
        {"id": registration.pk, "workshop": registration.workshop_id, "status": status},
    )


# --- Voting rounds ---


def test_a_round_closed_now_is_told_once_the_beat_adds_nothing(
    listen, receiver, secretariat, django_capture_on_commit_callbacks
):
    hook = listen("round.closed")
    voting_round = VotingRoundFactory()
    with django_capture_on_commit_callbacks():
        closed = close_round_now(voting_round, actor=secretariat)
    assert closed.eligible_count is not None  # the close is recorded at once
    assert voting.fix_eligible_counts() == 0  # the beat, the minute after: already done
    assert webhooks.deliver_due() == 1
    ((event, key, data),) = delivered(receiver, hook)
    assert (event, key) == ("round.closed", f"voting_round:{voting_round.pk}")
    assert data["id"] == voting_round.pk
    assert data["target_year"] == 2010
    closed_at = dt.datetime.fromisoformat(data["closed_at"])  # to the millisecond
    assert abs(closed_at - closed.closes_at) < dt.timedelta(milliseconds=1)


def test_rounds_closed_at_their_time_are_told_by_the_beat_once(
    listen, receiver, django_capture_on_commit_callbacks
):
    from consultations.tasks import close_due_rounds_task

    hook = listen("round.closed")
    now = timezone.now()
    due = [
        VotingRoundFactory(
            opens_at=now - dt.timedelta(days=8), closes_at=now - dt.timedelta(minutes=minutes)
        )
        for minutes in (2, 1)
    ]
    VotingRoundFactory()  # still open
    with django_capture_on_commit_callbacks():
        assert close_due_rounds_task() == 2
        assert close_due_rounds_task() == 0
    assert webhooks.deliver_due() == 2
    assert [key for _event, key, _data in delivered(receiver, hook)] == [
        f"voting_round:{voting_round.pk}" for voting_round in due
    ]


def test_a_close_rolled_back_tells_no_one(listen, secretariat):
    listen("round.closed")
    voting_round = VotingRoundFactory()

    def close_then_fail():
        with transaction.atomic():
            close_round_now(voting_round, actor=secretariat)
            raise RuntimeError

    with pytest.raises(RuntimeError):
        close_then_fail()
    assert not WebhookDelivery.objects.exists()


# --- Invitations ---


def test_an_accepted_invitation_is_told_with_its_registration(
    listen, receiver, delegate, django_capture_on_commit_callbacks
):
    hook = listen("invitation.answered")
    invitation = InvitationFactory(email=delegate.email)
    organization = OrganizationFactory()
    made = Registration.objects.create(
        workshop=invitation.workshop,
        person=delegate,
        organization=organization,
        category=organization.kind,
        badge_name="Dana Delegate",
        email=delegate.email,
        status=Registration.Status.CONFIRMED,
    )
    with django_capture_on_commit_callbacks():
        invitations.accept_invitation(invitation, registration=made)
        invitations.accept_invitation(invitation, registration=made)  # once only
    assert webhooks.deliver_due() == 1
    assert delivered(receiver, hook) == [
        (
            "invitation.answered",
            f"invitation:{invitation.pk}",
            {
                "id": invitation.pk,
                "workshop": invitation.workshop_id,
                "answer": "accepted",
                "registration": made.pk,
            },
        )
    ]


# --- Registrations changed by the waiting list and the workshop's life ---


def test_promotions_from_the_waiting_list_are_told_in_order(
    listen, receiver, secretariat, django_capture_on_commit_callbacks
):
    hook = listen("registration.changed")
    workshop = WorkshopFactory(capacity=2)
    _registrations(workshop, 2, Registration.Status.CONFIRMED)
    waiting = _registrations(workshop, 3, Registration.Status.WAITLISTED, start=2)
    with django_capture_on_commit_callbacks():
        lifecycle.change_capacity(
            workshop, actor=secretariat, capacity=4, quota_per_delegation=None, quotas={}
        )
    assert webhooks.deliver_due() == 2
    assert delivered(receiver, hook) == [
        _changed(waiting[0], "confirmed"),
        _changed(waiting[1], "confirmed"),
    ]


def test_a_declined_seat_goes_to_the_first_waiting_and_both_are_told(
    listen, receiver, secretariat, django_capture_on_commit_callbacks
):
    hook = listen("registration.changed")
    workshop = WorkshopFactory(capacity=1, requires_approval=True)
    (seated,) = _registrations(workshop, 1, Registration.Status.CONFIRMED)
    (first, _second) = _registrations(workshop, 2, Registration.Status.WAITLISTED, start=1)
    with django_capture_on_commit_callbacks():
        registration.decline(seated, actor=secretariat, reason="")
    assert webhooks.deliver_due() == 2
    assert delivered(receiver, hook) == [
        _changed(seated, "declined"),
        _changed(first, "pending"),  # the workshop requires approval
    ]


def test_cancelling_a_workshop_tells_each_registration_it_cancels(
    listen, receiver, secretariat, django_capture_on_commit_callbacks
):
    hook = listen("registration.changed")
    workshop = WorkshopFactory()
    live = [
        *_registrations(workshop, 1, Registration.Status.CONFIRMED),
        *_registrations(workshop, 1, Registration.Status.PENDING, start=1),
        *_registrations(workshop, 1, Registration.Status.WAITLISTED, start=2),
    ]
    _registrations(workshop, 1, Registration.Status.DECLINED, start=3)  # not live: untouched
    with django_capture_on_commit_callbacks():
        lifecycle.change_status(workshop, actor=secretariat, status=Workshop.Status.CANCELLED)
        lifecycle.change_status(workshop, actor=secretariat, status=Workshop.Status.CANCELLED)
    assert webhooks.deliver_due() == 3
    assert sorted(delivered(receiver, hook), key=lambda row: row[2]["id"]) == [
        _changed(registration, "cancelled") for registration in live
    ]


def test_postponing_a_workshop_changes_no_registration(
    listen, receiver, secretariat, django_capture_on_commit_callbacks
):
    listen("registration.changed")
    workshop = WorkshopFactory()
    _registrations(workshop, 2, Registration.Status.CONFIRMED)
    with django_capture_on_commit_callbacks():
        lifecycle.change_status(
            workshop,
            actor=secretariat,
            status=Workshop.Status.POSTPONED,
            start_date=dt.date(2009, 6, 1),
            end_date=dt.date(2009, 6, 2),
        )
    assert not WebhookDelivery.objects.exists()


def test_a_withdrawn_delegate_is_told_and_so_is_who_takes_the_seat(
    listen, receiver, django_capture_on_commit_callbacks
):
    hook = listen("registration.changed", "registration.created")
    state = MemberStateFactory(country="CH", name="Switzerland")
    focal = FocalPointFactory(member_state=state).user
    workshop = WorkshopFactory(
        capacity=1,
        registration_opens=timezone.now() - dt.timedelta(days=1),
        registration_closes=timezone.now() + dt.timedelta(days=9),
    )
    with django_capture_on_commit_callbacks():
        delegate = delegations.register_delegate(
            workshop, member_state=state, actor=focal, name="Helena Head", email="h@example.ch"
        )
    (waiting,) = _registrations(workshop, 1, Registration.Status.WAITLISTED)
    with django_capture_on_commit_callbacks():
        delegations.withdraw_delegate(delegate, actor=focal)
    assert webhooks.deliver_due() == 3
    assert delivered(receiver, hook) == [
        (
            "registration.created",
            f"registration:{delegate.pk}",
            {"id": delegate.pk, "workshop": workshop.pk, "status": "confirmed"},
        ),
        _changed(delegate, "cancelled"),
        _changed(waiting, "confirmed"),
    ]

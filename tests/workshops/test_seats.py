"""Seats under the workshop's lock: promotion from the waiting list respects approval and
runs a fixed number of queries; a registration window is read on the locked row; a change
of details never writes back a status it did not change."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import OrganizationFactory, UserFactory
from tests.workshops.lifecycle_fixtures import add_registrations, open_workshop
from workshops.models import CategoryQuota, Registration, Workshop
from workshops.services import registration as services

pytestmark = pytest.mark.django_db


def register(workshop, person=None, category="ngo"):
    person = person or UserFactory()
    return services.register(
        workshop,
        person=person,
        organization=OrganizationFactory(kind=category),
        category=category,
        badge_name=person.name,
        email=person.email,
    )


def test_a_seat_freed_where_approval_is_required_makes_the_first_wait_listed_pending(
    secretariat,
):
    workshop = open_workshop(capacity=2, requires_approval=True)
    first, _ = register(workshop)
    register(workshop)
    waiting, _ = register(workshop)
    assert waiting.status == "waitlisted"

    _cancelled, promoted = services.cancel_registration(first, actor=first.person)

    assert promoted.pk == waiting.pk
    waiting.refresh_from_db()
    assert waiting.status == "pending"
    assert waiting.confirmed_at is None
    # Approved by the Secretariat, it is confirmed as any pending registration.
    assert services.approve(waiting, actor=secretariat).status == "confirmed"


def test_a_seat_freed_without_approval_confirms_the_first_wait_listed():
    workshop = open_workshop(capacity=1)
    first, _ = register(workshop)
    waiting, _ = register(workshop)
    services.cancel_registration(first, actor=first.person)
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"


def promotion_queries(waiting_ngos):
    """Cancel a government's seat while ``waiting_ngos`` NGOs (whose quota is full) wait
    ahead of a government delegate: the delegate gets the seat. Returns (queries run,
    the promoted)."""
    workshop = open_workshop(capacity=10)
    CategoryQuota.objects.create(workshop=workshop, category="ngo", limit=5)
    add_registrations(workshop, 5, Registration.Status.CONFIRMED)
    delegates = add_registrations(workshop, 5, Registration.Status.CONFIRMED, category="government")
    add_registrations(workshop, waiting_ngos, Registration.Status.WAITLISTED)
    (last,) = add_registrations(
        workshop, 1, Registration.Status.WAITLISTED, category="government", start=100
    )
    leaving = Registration.objects.get(pk=delegates[0].pk)
    with CaptureQueriesContext(connection) as queries:
        _cancelled, promoted = services.cancel_registration(leaving, actor=leaving.person)
    return len(queries), promoted, last


@pytest.mark.parametrize("waiting_ngos", [3, 30])
def test_promotion_runs_the_same_queries_however_long_the_waiting_list(waiting_ngos):
    count, promoted, last = promotion_queries(waiting_ngos)
    assert promoted.pk == last.pk
    assert Registration.objects.get(pk=last.pk).status == "confirmed"
    assert count == 13  # with the active webhooks, read once (then cached) for the events


def test_promotion_stops_when_the_seats_are_given():
    workshop = open_workshop(capacity=3)
    add_registrations(workshop, 3, Registration.Status.CONFIRMED)
    waiting = add_registrations(workshop, 30, Registration.Status.WAITLISTED)
    Workshop.objects.filter(pk=workshop.pk).update(capacity=5)
    workshop.refresh_from_db()
    promoted = services.promote_from_waiting_list(workshop, now=timezone.now())
    assert [r.pk for r in promoted] == [r.pk for r in waiting[:2]]
    assert Registration.objects.filter(workshop=workshop, status="waitlisted").count() == 28


def test_the_registration_window_is_read_on_the_locked_row():
    """A page read the workshop while registration was open; it closed before the person
    pressed "Register": the registration is refused."""
    workshop = open_workshop(capacity=10)
    read_before = Workshop.objects.get(pk=workshop.pk)
    Workshop.objects.filter(pk=workshop.pk).update(
        registration_closes=timezone.now() - dt.timedelta(minutes=1)
    )

    with pytest.raises(services.RegistrationClosed, match="Registration closed on"):
        register(read_before)

    assert not Registration.objects.filter(workshop=workshop).exists()


def test_a_cancelled_workshop_refuses_a_registration_read_before_it_was_cancelled():
    workshop = open_workshop(capacity=10)
    read_before = Workshop.objects.get(pk=workshop.pk)
    Workshop.objects.filter(pk=workshop.pk).update(status=Workshop.Status.CANCELLED)
    with pytest.raises(services.RegistrationClosed, match="This workshop is cancelled"):
        register(read_before)


def test_changing_details_with_a_stale_registration_keeps_its_cancellation():
    workshop = open_workshop(capacity=10)
    registration, _ = register(workshop)
    stale = Registration.objects.get(pk=registration.pk)  # a form read it, confirmed
    services.cancel_registration(registration, actor=registration.person)

    with pytest.raises(Exception, match="over and can no longer be changed"):
        services.update_registration(stale, actor=stale.person, badge_name="New Name")

    registration.refresh_from_db()
    assert (registration.status, registration.badge_name) != ("confirmed", "New Name")
    assert registration.status == "cancelled"


def test_changing_details_writes_only_the_fields_changed():
    workshop = open_workshop(capacity=10)
    registration, _ = register(workshop)
    stale = Registration.objects.get(pk=registration.pk)
    # Meanwhile the Secretariat's records change another field of the row.
    Registration.objects.filter(pk=registration.pk).update(decline_reason="noted elsewhere")

    with CaptureQueriesContext(connection) as queries:
        services.update_registration(stale, actor=stale.person, position="Director")

    (update,) = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    assert '"position"' in update
    assert '"status"' not in update
    registration.refresh_from_db()
    assert (registration.position, registration.decline_reason) == ("Director", "noted elsewhere")

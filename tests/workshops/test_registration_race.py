"""Seats under contention, on PostgreSQL: many people registering (and cancelling) at the same
instant, each on a connection of their own, never oversell a workshop, never give a person two
rows, and a lock that cannot be had answers "please try again"."""

import datetime as dt
import threading

import pytest
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from idm_portal.core.models import Organization
from tests.factories import MemberStateFactory, OrganizationFactory, UserFactory, WorkshopFactory
from workshops.models import Registration, Workshop
from workshops.services import registration as services

# Threads need committed rows and connections of their own.
pytestmark = pytest.mark.django_db(transaction=True)

# PostgreSQL allows 100 connections; the test process holds a few besides these.
RACERS = 80
CAPACITY = 50


@pytest.fixture(autouse=True)
def _patient_lock(monkeypatch):
    """80 threads of one Python process share one GIL: each lock holder's short transaction
    is stretched by the 79 others rendering their e-mails (measured: the last waits about
    3.5 s of the 5 s time-out on an idle 2-core box), where gunicorn serves each request in
    a process of its own. A generous time-out keeps these tests about seats, not about
    timing; the time-out itself has its own test below."""
    monkeypatch.setattr(services, "LOCK_TIMEOUT_SECONDS", 60)


def open_workshop(**fields):
    now = timezone.now()
    return WorkshopFactory(
        registration_opens=now - dt.timedelta(days=1),
        registration_closes=now + dt.timedelta(days=10),
        **fields,
    )


def race(count, action):
    """Run ``action(index)`` in ``count`` threads released at the same moment, each on its own
    database connection. Returns (results by index, errors)."""
    barrier = threading.Barrier(count)
    results = [None] * count
    errors = []

    def racer(index):
        try:
            barrier.wait(timeout=30)
            results[index] = action(index)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=racer, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return results, errors


def register(workshop, person, organization, category=Organization.Kind.NGO):
    return services.register(
        workshop,
        person=person,
        organization=organization,
        category=category,
        badge_name=person.name,
        email=person.email,
    )


def statuses(workshop):
    return dict(
        Registration.objects.filter(workshop=workshop)
        .values_list("status")
        .annotate(count=Count("pk"))
    )


def people_with_two_rows(workshop):
    return list(
        Registration.objects.filter(workshop=workshop)
        .values("person")
        .annotate(rows=Count("pk"))
        .filter(rows__gt=1)
    )


def take_seats(workshop, count):
    """``count`` confirmed registrations made before the race."""
    organization = OrganizationFactory()
    Registration.objects.bulk_create(
        Registration(
            workshop=workshop,
            person=person,
            organization=organization,
            category=Organization.Kind.NGO,
            badge_name=person.name,
            email=person.email,
            status=Registration.Status.CONFIRMED,
            confirmed_at=timezone.now(),
        )
        for person in UserFactory.create_batch(count)
    )


def test_racing_for_the_last_ten_seats_confirms_exactly_ten():
    workshop = open_workshop(capacity=CAPACITY)
    take_seats(workshop, CAPACITY - 10)
    organization = OrganizationFactory()
    people = UserFactory.create_batch(RACERS)

    results, errors = race(RACERS, lambda i: register(workshop, people[i], organization))

    assert errors == []
    assert all(created for _registration, created in results)
    raced = Registration.objects.filter(workshop=workshop, person__in=people)
    assert raced.filter(status="confirmed").count() == 10
    assert raced.filter(status="waitlisted").count() == RACERS - 10
    assert people_with_two_rows(workshop) == []
    assert services.seats_taken(workshop).count() == CAPACITY
    assert statuses(workshop) == {"confirmed": CAPACITY, "waitlisted": RACERS - 10}
    # The queue is in the order the seats were refused: positions 1..70, none shared.
    waiting = Registration.objects.filter(workshop=workshop, status="waitlisted")
    assert sorted(services.waiting_list_position(r) for r in waiting) == list(range(1, RACERS - 9))


def test_racing_governments_get_at_most_their_quota_per_delegation():
    workshop = open_workshop(capacity=CAPACITY, quota_per_delegation=3)
    governments = [
        MemberStateFactory(country=country, name=name)
        for country, name in (
            ("CH", "Switzerland"),
            ("PH", "Philippines"),
            ("MX", "Mexico"),
            ("SN", "Senegal"),
        )
    ]
    people = UserFactory.create_batch(RACERS)

    def register_for_government(index):
        government = governments[index % len(governments)]
        return register(workshop, people[index], government, Organization.Kind.GOVERNMENT)

    _results, errors = race(RACERS, register_for_government)

    assert errors == []
    confirmed = dict(
        Registration.objects.filter(workshop=workshop, status="confirmed")
        .values_list("organization__country")
        .annotate(count=Count("pk"))
    )
    assert confirmed == {"CH": 3, "PH": 3, "MX": 3, "SN": 3}
    assert statuses(workshop) == {"confirmed": 12, "waitlisted": RACERS - 12}
    assert people_with_two_rows(workshop) == []


def test_a_lock_that_cannot_be_had_answers_try_again_and_stores_nothing(monkeypatch):
    monkeypatch.setattr(services, "LOCK_TIMEOUT_SECONDS", 1)
    workshop = open_workshop(capacity=CAPACITY)
    person = UserFactory()
    organization = OrganizationFactory()
    locked = threading.Event()
    release = threading.Event()

    def hold_the_lock():
        try:
            with transaction.atomic():
                Workshop.objects.select_for_update().get(pk=workshop.pk)
                locked.set()
                release.wait(timeout=10)  # longer than the lock time-out
        finally:
            connection.close()

    holder = threading.Thread(target=hold_the_lock)
    holder.start()
    try:
        assert locked.wait(timeout=10)
        with pytest.raises(services.TryAgain) as raised:
            register(workshop, person, organization)
    finally:
        release.set()
        holder.join(timeout=20)
    assert "please try again" in raised.value.message
    assert not Registration.objects.exists()
    # The connection is usable afterwards: the same person registers once the lock is free.
    registration, created = register(workshop, person, organization)
    assert created
    assert registration.status == "confirmed"


@pytest.fixture
def full_workshop():
    """Capacity 2: two confirmed, three wait-listed (in this order)."""
    workshop = open_workshop(capacity=2)
    organization = OrganizationFactory()
    registrations = [register(workshop, UserFactory(), organization)[0] for _ in range(5)]
    assert [r.status for r in registrations] == ["confirmed"] * 2 + ["waitlisted"] * 3
    return workshop, registrations[:2], registrations[2:]


def test_a_cancellation_promotes_exactly_the_first_on_the_waiting_list(full_workshop):
    workshop, (first, second), waiting = full_workshop

    cancelled, promoted = services.cancel_registration(first, actor=first.person)

    assert cancelled.status == "cancelled"
    assert promoted.pk == waiting[0].pk
    assert set(
        Registration.objects.filter(workshop=workshop, status="confirmed").values_list(
            "pk", flat=True
        )
    ) == {second.pk, waiting[0].pk}
    assert list(
        Registration.objects.filter(workshop=workshop, status="waitlisted").values_list(
            "pk", flat=True
        )
    ) == [waiting[1].pk, waiting[2].pk]
    assert services.seats_taken(workshop).count() == 2


def test_two_cancellations_at_once_promote_the_first_two_on_the_waiting_list(full_workshop):
    workshop, confirmed, waiting = full_workshop

    results, errors = race(
        2, lambda i: services.cancel_registration(confirmed[i], actor=confirmed[i].person)
    )

    assert errors == []
    promoted = [promoted.pk for _cancelled, promoted in results]
    assert sorted(promoted) == sorted([waiting[0].pk, waiting[1].pk])
    assert statuses(workshop) == {"cancelled": 2, "confirmed": 2, "waitlisted": 1}
    assert Registration.objects.get(status="waitlisted").pk == waiting[2].pk
    assert services.seats_taken(workshop).count() == 2


def test_the_same_person_registering_twice_at_once_gets_one_registration():
    workshop = open_workshop(capacity=CAPACITY)
    person = UserFactory()
    organization = OrganizationFactory()

    results, errors = race(2, lambda _i: register(workshop, person, organization))

    assert errors == []
    (first, first_created), (second, second_created) = results
    assert first.pk == second.pk
    assert sorted([first_created, second_created]) == [False, True]
    assert Registration.objects.filter(workshop=workshop, person=person).count() == 1

"""The workshop's life under contention, on PostgreSQL with connections of their own: two
cancellations at the same instant tell each person once; a change of details made while a
cancellation holds the row never writes the registration back to confirmed. And end to end
with the real worker and SMTP server: a cancellation delivers its messages, and the
invitation that was waiting in the outbox never goes out."""

import threading
from collections import Counter

import pytest
from django.db import connection, connections, transaction

from idm_portal.core.models import OutgoingMail
from idm_portal.core.services import outbox
from tests.conftest import wait_for
from tests.factories import OrganizationFactory, SecretariatFactory, UserFactory
from tests.workshops.lifecycle_fixtures import (
    CANCELLED_TEMPLATE,
    add_invitations,
    add_registrations,
    crowd,
    open_workshop,
)
from workshops.models import Registration, Workshop
from workshops.services import lifecycle
from workshops.services import registration as services

pytestmark = pytest.mark.django_db(transaction=True)


def at_once(*actions):
    """Run each action in a thread of its own (its own connection), released together.
    Returns (results, errors)."""
    barrier = threading.Barrier(len(actions))
    results, errors = [None] * len(actions), []

    def run(index):
        try:
            barrier.wait(timeout=30)
            results[index] = actions[index]()
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(actions))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return results, errors


def test_two_cancellations_at_once_tell_each_person_once():
    workshop = open_workshop()
    people = crowd(workshop)
    secretaries = [SecretariatFactory(), SecretariatFactory()]

    def cancel(actor):
        return lambda: lifecycle.change_status(
            Workshop.objects.get(pk=workshop.pk), actor=actor, status="cancelled"
        )

    results, errors = at_once(cancel(secretaries[0]), cancel(secretaries[1]))

    assert errors == []
    assert sorted(result.changed for result in results) == [False, True]
    assert sorted(result.told for result in results) == [0, 60]
    told = Counter(
        OutgoingMail.objects.filter(template=CANCELLED_TEMPLATE).values_list("to", flat=True)
    )
    assert sorted(told) == people.emails_to_tell
    assert set(told.values()) == {1}


def waiting_on_a_lock():
    """How many other sessions of this test database wait for a row lock."""
    with connections["default"].cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def test_a_change_of_details_waiting_on_a_cancellation_never_confirms_it_again():
    workshop = open_workshop(capacity=10)
    person = UserFactory()
    registration, _ = services.register(
        workshop,
        person=person,
        organization=OrganizationFactory(),
        category="ngo",
        badge_name="Old Name",
        email=person.email,
    )
    stale = Registration.objects.get(pk=registration.pk)  # the change form read it: confirmed
    cancelled_held, release = threading.Event(), threading.Event()

    def cancel():
        # The cancellation's transaction stays open (its row lock held) until the change of
        # details is seen waiting for that lock.
        with transaction.atomic():
            services.cancel_registration(registration, actor=person)
            cancelled_held.set()
            assert release.wait(timeout=60)

    def change():
        assert cancelled_held.wait(timeout=60)
        return services.update_registration(stale, actor=person, badge_name="New Name")

    threads_done = []

    def watcher():
        try:
            wait_for(lambda: waiting_on_a_lock() >= 1, message="the change to wait for the lock")
            release.set()
            threads_done.append(True)
        finally:
            connections["default"].close()  # this thread's own connection

    watch = threading.Thread(target=watcher)
    watch.start()
    _results, errors = at_once(cancel, change)
    watch.join(timeout=60)

    assert threads_done == [True]
    assert [str(error.messages[0]) for error in errors] == [
        "This registration is over and can no longer be changed."
    ]
    registration.refresh_from_db()
    assert registration.status == "cancelled"
    assert registration.badge_name == "Old Name"


@pytest.mark.worker
def test_a_cancellation_is_delivered_and_the_waiting_invitation_never_goes_out(celery_worker, smtp):
    secretariat = SecretariatFactory()
    workshop = open_workshop(title="Migration and Social Change")
    registrants = add_registrations(workshop, 2, Registration.Status.CONFIRMED)
    registrants += add_registrations(workshop, 1, Registration.Status.WAITLISTED, language="fr")
    (invitee,) = add_invitations(workshop, 1, kind="sent")
    (declined,) = add_invitations(workshop, 1, kind="declined")
    (waiting,) = add_invitations(workshop, 1, kind="queued")  # rendered, not sent yet

    change = lifecycle.change_status(workshop, actor=secretariat, status="cancelled")
    assert change.told == 4
    # The waiting invitation's task reaches the worker after all (a late broker message, or
    # the sweep), followed by a marker: once the marker is sent, the task has been handled.
    outbox.enqueue_delivery(waiting.mail_id)
    marker = outbox.queue_mail(
        to="marker@example.org", template="core/email/test", context={"name": "M"}, language="en"
    )

    expected = sorted([r.email for r in registrants] + [invitee.email])
    wait_for(
        lambda: (
            OutgoingMail.objects.filter(
                template=CANCELLED_TEMPLATE, status=OutgoingMail.Status.SENT
            ).count()
            == 4
        ),
        message="the four messages to be sent",
    )
    wait_for(
        lambda: OutgoingMail.objects.get(pk=marker.pk).status == OutgoingMail.Status.SENT,
        message="the marker to be sent",
    )
    wait_for(lambda: len(smtp.messages) >= 5, message="the SMTP server to have them")
    assert sorted(m["To"] for m in smtp.messages if m["To"] != marker.to) == expected
    french = next(m for m in smtp.messages if m["To"] == registrants[2].email)
    assert OutgoingMail.objects.get(to=french["To"]).language == "fr"
    english = next(m for m in smtp.messages if m["To"] == registrants[0].email)
    assert english["Subject"] == "Cancelled: Migration and Social Change"
    assert "is cancelled" in english.get_body(("plain",)).get_content()
    # The worker got the waiting invitation's task and sent nothing: it was withdrawn.
    assert OutgoingMail.objects.get(pk=waiting.mail_id).status == OutgoingMail.Status.WITHDRAWN
    assert declined.email not in [m["To"] for m in smtp.messages]
    assert waiting.email not in [m["To"] for m in smtp.messages]

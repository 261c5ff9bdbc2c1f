"""The registration POST does only what it must inside the request: lock the workshop, insert
the row, commit, queue the e-mail for the worker. Nothing is rendered or sent in it, and it
costs the same queries however many have registered before."""

import datetime as dt
import uuid

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from idm_portal.core.models import OutgoingMail, User
from tests.factories import OrganizationFactory, UserFactory, WorkshopFactory
from workshops.models import Registration

pytestmark = pytest.mark.django_db


def _open_workshop(seats_taken):
    workshop = WorkshopFactory(
        capacity=1000,
        registration_opens=timezone.now() - dt.timedelta(days=1),
        registration_closes=timezone.now() + dt.timedelta(days=10),
    )
    organization = OrganizationFactory()
    tag = uuid.uuid4().hex[:8]
    people = User.objects.bulk_create(
        User(email=f"earlier-{tag}-{n}@example.org", name=f"Earlier {n}")
        for n in range(seats_taken)
    )
    Registration.objects.bulk_create(
        Registration(
            workshop=workshop,
            person=person,
            organization=organization,
            category="ngo",
            badge_name=person.name,
            email=person.email,
            status=Registration.Status.CONFIRMED,
        )
        for person in people
    )
    return workshop, organization


def _post(client, workshop, organization, person):
    return client.post(
        reverse("workshops:register", args=[workshop.idm_year.year, workshop.slug]),
        {
            "badge_name": person.name,
            "title": "Ms",
            "position": "Delegate",
            "email": person.email,
            "organization": organization.pk,
            "category": "ngo",
            "consents_to_list": "on",
        },
    )


def test_registration_post_renders_no_mail_and_queues_one_task(
    client, django_capture_on_commit_callbacks
):
    workshop, organization = _open_workshop(3)
    person = UserFactory(name="Dana Delegate")
    client.force_login(person)
    with django_capture_on_commit_callbacks() as queued:
        response = _post(client, workshop, organization, person)
    assert response.status_code == 302
    registration = Registration.objects.get(workshop=workshop, person=person)
    assert registration.status == Registration.Status.CONFIRMED
    assert OutgoingMail.objects.filter(to=person.email).count() == 0  # the worker renders it
    assert len(queued) == 1


def test_registration_post_makes_the_same_queries_after_5_and_500_registrations(
    client, django_capture_on_commit_callbacks
):
    def queries_for(taken):
        workshop, organization = _open_workshop(taken)
        person = UserFactory()
        client.force_login(person)
        cache.clear()  # both counted cold: the active webhooks are cached after a first read
        with (
            django_capture_on_commit_callbacks(),
            CaptureQueriesContext(connection) as context,
        ):
            response = _post(client, workshop, organization, person)
        assert response.status_code == 302
        return len(context.captured_queries)

    # The session, the user, their verified address and their roles; the workshop, the
    # person's live registration, the organization (the form's checks, before the lock); the
    # register service's transaction (a savepoint in this test's own transaction, and its
    # release), the lock's time-out, the lock with the category quota, the seats, the
    # insert, the active webhooks. (A new organization or an invitation adds the workflow's
    # transaction around it.)
    assert queries_for(5) == queries_for(500) == 14

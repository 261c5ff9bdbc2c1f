"""Writes through the API follow the services' rules: the same seats, quotas, locks and
e-mails as the pages."""

import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from idm_portal.core.models import Organization
from tests.factories import OrganizationFactory, UserFactory, WorkshopFactory
from workshops.models import Invitation, Registration
from workshops.services import registration as services


@pytest.fixture
def open_workshop(db):
    return WorkshopFactory(
        capacity=1,
        registration_opens=timezone.now() - timezone.timedelta(days=1),
        registration_closes=timezone.now() + timezone.timedelta(days=10),
    )


def _body(person, organization, **extra):
    return {
        "person_email": person.email,
        "organization": organization.pk,
        "category": organization.kind,
        "badge_name": person.name or "Badge",
        **extra,
    }


def test_registering_over_capacity_through_the_api_is_wait_listed_as_on_the_page(
    api, make_token, open_workshop, client, django_capture_on_commit_callbacks
):
    organization = OrganizationFactory(kind=Organization.Kind.NGO)
    _token, secret = make_token("registrations:write")
    first, second, third = UserFactory.create_batch(3)
    url = f"/api/v1/workshops/{open_workshop.pk}/registrations/"
    with django_capture_on_commit_callbacks():
        taken = api(secret).post(url, _body(first, organization), format="json")
    assert taken.status_code == 201
    assert taken.json()["status"] == "confirmed"
    with django_capture_on_commit_callbacks():
        over = api(secret).post(url, _body(second, organization), format="json")
    assert over.status_code == 201
    assert over.json()["status"] == "waitlisted"
    # The page, for the third person, gives the same answer from the same service.
    with django_capture_on_commit_callbacks():
        page_result, _created = services.register(
            open_workshop,
            person=third,
            organization=organization,
            category=organization.kind,
            badge_name="Third",
            email=third.email,
        )
    assert page_result.status == "waitlisted"
    # Registering again gives the live registration back, unchanged (200, not 201).
    again = api(secret).post(url, _body(second, organization), format="json")
    assert again.status_code == 200
    assert again.json()["id"] == over.json()["id"]


def test_registering_when_registration_is_closed_is_refused_with_the_pages_sentence(
    api, make_token, db
):
    workshop = WorkshopFactory()  # no registration window: not open
    organization = OrganizationFactory()
    person = UserFactory()
    _token, secret = make_token("registrations:write")
    response = api(secret).post(
        f"/api/v1/workshops/{workshop.pk}/registrations/",
        _body(person, organization),
        format="json",
    )
    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == "Registration for this workshop is not open."
    assert Registration.objects.count() == 0


def test_registering_an_unknown_person_names_the_field(api, make_token, open_workshop):
    organization = OrganizationFactory()
    _token, secret = make_token("registrations:write")
    body = {
        "person_email": "ghost@example.org",
        "organization": organization.pk,
        "category": organization.kind,
        "badge_name": "Ghost",
    }
    response = api(secret).post(
        f"/api/v1/workshops/{open_workshop.pk}/registrations/", body, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "person_email": ["No active account has this e-mail address."]
    }


def test_approve_decline_and_check_in_tell_the_person_as_the_page_does(
    api, make_token, delegate, django_capture_on_commit_callbacks
):
    workshop = WorkshopFactory(requires_approval=True)
    organization = OrganizationFactory()
    registration = Registration.objects.create(
        workshop=workshop,
        person=delegate,
        organization=organization,
        category=organization.kind,
        badge_name="Dana Delegate",
        email=delegate.email,
        status=Registration.Status.PENDING,
    )
    _token, secret = make_token("registrations:write")
    with django_capture_on_commit_callbacks() as queued:
        approved = api(secret).post(f"/api/v1/registrations/{registration.pk}/approve/")
    assert approved.json()["status"] == "confirmed"
    assert len(queued) == 1  # the "confirmed" e-mail, queued on commit as by the page
    checked = api(secret).post(f"/api/v1/registrations/{registration.pk}/check-in/")
    assert checked.json()["status"] == "attended"
    refused = api(secret).post(
        f"/api/v1/registrations/{registration.pk}/decline/", {"reason": "x"}, format="json"
    )
    assert refused.json()["status"] == "attended"  # the service leaves an attended one


def test_registration_list_filters_by_status_and_changed_since(api, make_token, delegate):
    workshop = WorkshopFactory()
    organization = OrganizationFactory()
    for number, status in enumerate(["pending", "confirmed", "confirmed"]):
        Registration.objects.create(
            workshop=workshop,
            person=UserFactory() if number else delegate,
            organization=organization,
            category=organization.kind,
            badge_name=f"Person {number}",
            email=f"p{number}@example.org",
            status=status,
        )
    _token, secret = make_token("registrations:read")
    url = f"/api/v1/workshops/{workshop.pk}/registrations/"
    confirmed = api(secret).get(url + "?status=confirmed").json()["results"]
    assert [r["badge_name"] for r in confirmed] == ["Person 1", "Person 2"]
    later = api(secret).get(url, {"changed_since": timezone.now().isoformat()}).json()
    assert later["results"] == []
    # An offset PostgreSQL would refuse is read in UTC (found by schemathesis).
    odd = api(secret).get(url, {"changed_since": "0599-06-26T22:19:24-16:35"})
    assert odd.status_code == 200
    assert len(odd.json()["results"]) == 3


@pytest.mark.parametrize("count", [2, 30])
def test_registration_list_queries_do_not_grow(
    api, make_token, db, django_assert_num_queries, count
):
    workshop = WorkshopFactory()
    organization = OrganizationFactory()
    for number in range(count):
        Registration.objects.create(
            workshop=workshop,
            person=UserFactory(),
            organization=organization,
            category=organization.kind,
            badge_name=f"Person {number}",
            email=f"p{number}@example.org",
        )
    _token, secret = make_token("registrations:read")
    api(secret).get("/api/v1/years/")  # the token's last use is written once a minute
    # token + its owner's groups, the workshop, the registrations with organizations
    with django_assert_num_queries(4):
        results = api(secret).get(f"/api/v1/workshops/{workshop.pk}/registrations/").json()
    assert len(results["results"]) == count


def test_invitations_added_through_the_api_are_never_doubled_and_sent_by_the_service(
    api, make_token, db, django_capture_on_commit_callbacks
):
    workshop = WorkshopFactory()
    _token, secret = make_token("invitations")
    url = f"/api/v1/workshops/{workshop.pk}/invitations/"
    body = [{"email": "Ana@Example.org", "name": "Ana"}, {"email": "ben@example.org"}]
    assert api(secret).post(url, body, format="json").json() == {"added": 2, "updated": 0}
    again = api(secret).post(url, [{"email": "ana@example.org"}], format="json").json()
    assert again == {"added": 0, "updated": 1}
    assert sorted(Invitation.objects.values_list("email", flat=True)) == [
        "ana@example.org",
        "ben@example.org",
    ]
    with django_capture_on_commit_callbacks() as queued:
        sent = api(secret).post(url + "send/", {}, format="json")
    assert sent.json() == {"scheduled": 2}
    assert len(queued) == 1  # one rendering task, as the page's Send button queues
    listed = api(secret).get(url).json()["results"]
    assert [(i["email"], i["status"]) for i in listed] == [
        ("ana@example.org", "queued"),
        ("ben@example.org", "queued"),
    ]


@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_through_the_api_and_the_page_leave_one_consistent_row(
    api, make_token, client, secretariat, delegate
):
    workshop = WorkshopFactory(requires_approval=True)
    organization = OrganizationFactory()
    registration = Registration.objects.create(
        workshop=workshop,
        person=delegate,
        organization=organization,
        category=organization.kind,
        badge_name="Dana Delegate",
        email=delegate.email,
        status=Registration.Status.PENDING,
    )
    _token, secret = make_token("registrations:write")
    client.force_login(secretariat)
    page_url = reverse(
        "workshops:registrations_bulk",
        kwargs={"year": workshop.idm_year.year, "slug": workshop.slug},
    )
    barrier = threading.Barrier(2)
    answers = {}

    def through_api():
        try:
            barrier.wait()
            answers["api"] = api(secret).post(f"/api/v1/registrations/{registration.pk}/approve/")
        finally:
            connection.close()

    def through_page():
        try:
            barrier.wait()
            answers["page"] = client.post(
                page_url, {"action": "approve", "registration": [registration.pk]}
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=through_api), threading.Thread(target=through_page)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers["api"].status_code == 200
    assert answers["api"].json()["status"] == "confirmed"
    assert answers["page"].status_code == 302
    registration.refresh_from_db()
    assert registration.status == "confirmed"
    assert Registration.objects.filter(workshop=workshop).count() == 1
    first_confirmed = registration.confirmed_at
    assert first_confirmed is not None
    # A confirmed registration is not confirmed twice: a second approval changes nothing.
    api(secret).post(f"/api/v1/registrations/{registration.pk}/approve/")
    registration.refresh_from_db()
    assert registration.confirmed_at == first_confirmed

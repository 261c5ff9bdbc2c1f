"""Registration services: seats, waiting list, quotas, approval, cancellation."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from idm_portal.core.models import Organization, OutgoingMail
from tests.factories import MemberStateFactory, OrganizationFactory, UserFactory, WorkshopFactory
from workshops.models import CategoryQuota, Registration
from workshops.services import registration as services

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop():
    now = timezone.now()
    return WorkshopFactory(
        capacity=2,
        registration_opens=now - dt.timedelta(days=1),
        registration_closes=now + dt.timedelta(days=10),
    )


def register(workshop, person=None, organization=None, category="ngo", **details):
    person = person or UserFactory()
    organization = organization or OrganizationFactory()
    details.setdefault("badge_name", person.name)
    details.setdefault("email", person.email)
    return services.register(
        workshop, person=person, organization=organization, category=category, **details
    )


def test_registrations_are_confirmed_until_the_seats_are_taken_then_wait_listed(workshop):
    first, _ = register(workshop)
    second, _ = register(workshop)
    third, created = register(workshop)
    fourth, _ = register(workshop)
    assert created
    assert [r.status for r in (first, second, third, fourth)] == [
        "confirmed",
        "confirmed",
        "waitlisted",
        "waitlisted",
    ]
    assert services.waiting_list_position(third) == 1
    assert services.waiting_list_position(fourth) == 2
    assert services.waiting_list_position(first) is None


def test_registering_twice_gives_back_the_existing_registration(workshop):
    person = UserFactory()
    first, created = register(workshop, person)
    again, created_again = register(workshop, person)
    assert created
    assert not created_again
    assert again.pk == first.pk
    assert Registration.objects.count() == 1


def test_registration_is_closed_outside_the_window_with_the_dates(workshop):
    workshop.registration_closes = timezone.now() - dt.timedelta(hours=1)
    workshop.save()
    with pytest.raises(services.RegistrationClosed, match="Registration closed on"):
        register(workshop)
    assert not Registration.objects.exists()


def test_cancelling_a_confirmed_seat_promotes_the_first_on_the_waiting_list(workshop):
    first, _ = register(workshop)
    register(workshop)
    waiting, _ = register(workshop)
    later, _ = register(workshop)
    cancelled, promoted = services.cancel_registration(first, actor=first.person)
    assert cancelled.status == "cancelled"
    assert promoted.pk == waiting.pk
    waiting.refresh_from_db()
    later.refresh_from_db()
    assert (waiting.status, later.status) == ("confirmed", "waitlisted")
    assert services.waiting_list_position(later) == 1


def test_a_person_cancels_only_their_own_registration(workshop):
    mine, _ = register(workshop)
    with pytest.raises(PermissionDenied):
        services.cancel_registration(mine, actor=UserFactory())


def test_quota_per_delegation_wait_lists_the_fourth_delegate_of_a_government(workshop):
    workshop.capacity = 10
    workshop.quota_per_delegation = 3
    workshop.save()
    switzerland = MemberStateFactory(country="CH", name="Switzerland")
    statuses = [
        register(workshop, organization=switzerland, category="government")[0].status
        for _ in range(4)
    ]
    assert statuses == ["confirmed", "confirmed", "confirmed", "waitlisted"]
    other_state = MemberStateFactory(country="PH", name="Philippines")
    assert register(workshop, organization=other_state, category="government")[0].status == (
        "confirmed"
    )


def test_quota_per_category(workshop):
    workshop.capacity = 10
    workshop.save()
    CategoryQuota.objects.create(workshop=workshop, category=Organization.Kind.MEDIA, limit=1)
    assert register(workshop, category="media")[0].status == "confirmed"
    assert register(workshop, category="media")[0].status == "waitlisted"
    assert register(workshop, category="ngo")[0].status == "confirmed"


def test_approval_flow_pending_then_confirmed_or_declined(workshop, secretariat):
    workshop.requires_approval = True
    workshop.save()
    pending, _ = register(workshop)
    other, _ = register(workshop)
    assert pending.status == "pending"
    with pytest.raises(PermissionDenied):
        services.approve(pending, actor=pending.person)
    assert services.approve(pending, actor=secretariat).status == "confirmed"
    declined = services.decline(other, actor=secretariat, reason="Seats are for delegations.")
    assert declined.status == "declined"
    assert declined.decline_reason == "Seats are for delegations."


def test_check_in_needs_a_confirmed_registration(workshop, secretariat):
    confirmed, _ = register(workshop)
    register(workshop)
    waiting, _ = register(workshop)
    assert services.check_in(confirmed, actor=secretariat).status == "attended"
    with pytest.raises(ValidationError, match="Only a confirmed registration can be checked in"):
        services.check_in(waiting, actor=secretariat)


def test_a_badge_name_of_spaces_is_refused_and_nothing_stored(workshop):
    with pytest.raises(ValidationError):
        register(workshop, badge_name="   ")
    assert not Registration.objects.exists()


def test_the_registration_mail_is_left_to_a_worker_on_commit(
    workshop, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        registration, _ = register(workshop)
    assert len(callbacks) == 1
    assert callbacks[0].args == ("workshops.send_registration_mail",)  # queued by its name
    assert callbacks[0].keywords["args"] == [registration.pk, "confirmed"]
    assert not OutgoingMail.objects.exists()  # nothing rendered in the request


def test_the_registration_mail_is_in_the_registrants_language_with_ics_and_qr(workshop):
    from workshops.services.registration_mail import send_registration_mail

    person = UserFactory(preferred_language="fr")
    registration, _ = register(workshop, person)
    mail = send_registration_mail(registration.pk, "confirmed")
    assert mail.to == registration.email
    assert mail.language == "fr"
    assert mail.subject == f"Inscription confirmée : {workshop.title}"
    assert sorted(a["filename"] for a in mail.attachments) == [
        "check-in.png",
        f"{workshop.slug}.ics",
    ]


def test_with_the_broker_down_the_mail_is_rendered_in_the_request_and_kept(
    workshop, monkeypatch, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    from workshops.tasks import send_registration_mail_task

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    # The broker is outside the system: stand in for it being unreachable.
    monkeypatch.setattr(send_registration_mail_task, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        register(workshop)
    mail = OutgoingMail.objects.get()
    assert mail.template == "workshops/email/registration_confirmed"
    assert mail.status == OutgoingMail.Status.QUEUED  # waits for the outbox's sweep

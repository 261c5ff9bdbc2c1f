"""The invitee's answer: opening a link answers nothing (a button does, by POST), and only
the account of the invited address, or the one the Secretariat linked, accepts."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.factories import InvitationFactory, OrganizationFactory, UserFactory, WorkshopFactory
from workshops.models import Invitation, Registration
from workshops.services import invitations as services

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop():
    now = timezone.now()
    return WorkshopFactory(
        slug="social-change",
        registration_opens=now - dt.timedelta(days=1),
        registration_closes=now + dt.timedelta(days=20),
    )


@pytest.fixture
def invitation(workshop):
    return InvitationFactory(workshop=workshop, email="ana.lopez@example.org", name="Ana López")


@pytest.fixture
def ana():
    return UserFactory(email="Ana.Lopez@example.org", name="Ana López")


def url(name, invitation):
    workshop = invitation.workshop
    return reverse(
        f"workshops:{name}", args=[workshop.idm_year.year, workshop.slug, invitation.token]
    )


def register(client, invitation):
    workshop = invitation.workshop
    organization = OrganizationFactory(name="Migrants' Rights NGO")
    address = reverse("workshops:register", args=[workshop.idm_year.year, workshop.slug])
    return client.post(
        f"{address}?invitation={invitation.token}",
        {"badge_name": "Ana", "email": "ana@example.org", "organization": organization.pk},
    )


def answer_of(invitation):
    return Invitation.objects.values_list("answer", flat=True).get(pk=invitation.pk)


def test_the_decline_link_shows_the_form_and_only_a_post_declines(client, invitation):
    page = client.get(url("invitation_decline", invitation)).content.decode()
    assert "Reason (optional)" in page
    assert "Decline the invitation" in page
    assert "Accept and register" not in page  # the link's own choice only
    assert answer_of(invitation) == ""
    client.post(url("invitation_decline", invitation), {"reason": "On mission."})
    invitation.refresh_from_db()
    assert (invitation.answer, invitation.decline_reason) == ("declined", "On mission.")


def test_the_accept_link_of_a_registered_invitee_shows_a_button_and_a_post_accepts(
    client, invitation, ana
):
    registration = Registration.objects.create(
        workshop=invitation.workshop,
        person=ana,
        organization=OrganizationFactory(),
        status=Registration.Status.CONFIRMED,
        badge_name="Ana",
        email=ana.email,
        category="ngo",
    )
    client.force_login(ana)
    page = client.get(url("invitation_accept", invitation)).content.decode()
    assert "You are already registered for this workshop" in page
    assert "Accept the invitation" in page
    assert "Decline the invitation" not in page
    assert answer_of(invitation) == ""  # opening the link accepted nothing
    response = client.post(url("invitation_accept", invitation), follow=True)
    assert "You have accepted the invitation" in response.content.decode()
    invitation.refresh_from_db()
    assert (invitation.answer, invitation.registration) == ("accepted", registration)


def test_another_account_is_told_why_and_cannot_accept(client, invitation):
    other = UserFactory(email="someone.else@example.org")
    client.force_login(other)
    page = client.get(url("invitation_accept", invitation)).content.decode()
    assert (
        "This invitation was sent to ana.lopez@example.org, and you are signed in as "
        "someone.else@example.org: only the account of the invited address can accept it."
    ) in page
    assert "Accept and register" not in page
    response = client.post(url("invitation_accept", invitation))
    assert response.status_code == 403
    # Nor through the registration form with the token: it registers, without the invitation.
    assert register(client, invitation).status_code == 302
    assert Registration.objects.filter(person=other).exists()
    assert answer_of(invitation) == ""


def test_the_service_refuses_an_acceptance_by_another_account(invitation):
    other = UserFactory(email="someone.else@example.org")
    registration = Registration.objects.create(
        workshop=invitation.workshop,
        person=other,
        organization=OrganizationFactory(),
        status=Registration.Status.CONFIRMED,
        badge_name="S",
        email=other.email,
        category="ngo",
    )
    with pytest.raises(PermissionDenied):
        services.accept_invitation(invitation, registration=registration)
    assert answer_of(invitation) == ""


def test_an_account_the_secretariat_links_may_accept(client, invitation, secretariat):
    private = UserFactory(email="ana.private@example.net")
    detail = reverse(
        "workshops:invitation_detail",
        args=[invitation.workshop.idm_year.year, invitation.workshop.slug, invitation.pk],
    )
    client.force_login(secretariat)
    assert "Allow another account to accept" in client.get(detail).content.decode()
    link = reverse(
        "workshops:invitation_link_account",
        args=[invitation.workshop.idm_year.year, invitation.workshop.slug, invitation.pk],
    )
    page = client.post(link, {"email": "nobody@example.org"}, follow=True).content.decode()
    assert "No account has this e-mail address." in page
    page = client.post(link, {"email": "Ana.Private@example.net"}, follow=True).content.decode()
    assert "ana.private@example.net may now accept the invitation of ana.lopez@example.org." in page

    client.force_login(private)
    page = client.get(url("invitation_accept", invitation)).content.decode()
    assert "Accept and register" in page
    assert register(client, invitation).status_code == 302
    invitation.refresh_from_db()
    assert invitation.answer == "accepted"
    assert invitation.registration.person == private


def test_linking_an_account_is_the_secretariats_and_only_before_the_answer(
    invitation, secretariat, delegate
):
    with pytest.raises(PermissionDenied):
        services.link_account(invitation, actor=delegate, account=delegate)
    services.decline_invitation(invitation)
    with pytest.raises(ValidationError):
        services.link_account(invitation, actor=secretariat, account=delegate)
    invitation.refresh_from_db()
    assert invitation.account is None

"""A person's own data (idm_portal/core/services/personal_data.py and the parts each app
registers): the JSON download of everything the portal holds about them, and closing their
account (registrations anonymised, their member state's ballots untouched)."""

import datetime as dt
import json
import re

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from consultations.models import Ballot, BallotEvent, ThemeSuggestion
from consultations.services import voting
from idm_portal.core.models import FocalPoint, OutgoingMail, User
from idm_portal.core.services import personal_data
from tests.factories import (
    PASSWORD,
    InvitationFactory,
    OrganizationFactory,
    SuggestionFactory,
    ThemeProposalFactory,
    UserFactory,
    VotingRoundFactory,
    WorkshopFactory,
)
from workshops.models import Invitation, PassportDetails, Registration

pytestmark = pytest.mark.django_db

RESET_LINK = "https://idm.example/en/accounts/password/reset/key/9z-4x7a1b2c3/"


def _registration(workshop, person, **fields):
    organization = OrganizationFactory(name=f"Mission of Switzerland {workshop.pk}")
    values = {
        "badge_name": "Fabio Focal",
        "title": "Mr",
        "position": "First Secretary",
        "email": person.email,
        "special_requirements": "Wheelchair access, vegetarian meals",
        "category": organization.kind,
        "status": Registration.Status.CONFIRMED,
        **fields,
    }
    return Registration.objects.create(
        workshop=workshop, person=person, organization=organization, **values
    )


def _mail(to, body):
    return OutgoingMail.objects.create(
        to=to,
        language="en",
        template="account/email/password_reset_key",
        subject="Password reset",
        body_text=body,
        from_email="idm@iom.example",
        message_id=f"<{to}.{OutgoingMail.objects.count()}@idm.example>",
        status=OutgoingMail.Status.SENT,
        sent_at=timezone.now(),
    )


@pytest.fixture
def held(focal_point, switzerland_round):
    """What the portal holds about the focal point: a registration, an invitation, a
    workshop suggestion, a theme suggestion, a ballot and an e-mail with a reset link."""
    workshop = WorkshopFactory(title="Human Rights and Migration: Working Together")
    registration = _registration(workshop, focal_point)
    invitation = InvitationFactory(workshop=workshop, email=focal_point.email, name="Fabio Focal")
    state = FocalPoint.objects.get(user=focal_point).member_state
    SuggestionFactory(workshop=workshop, member_state=state, suggested_by=focal_point,
                      title="Case study: Swiss labour mobility")  # fmt: skip
    ThemeSuggestion.objects.create(
        target_year=2010, member_state=state, author=focal_point,
        title="Migration and Climate Change", rationale="Because it matters.",
    )  # fmt: skip
    voting.cast_ballot(
        switzerland_round,
        member_state=state,
        ranking=[switzerland_round.proposals.first().pk],
        actor=focal_point,
    )
    mail = _mail(focal_point.email, f"Hello Fabio,\nreset your password: {RESET_LINK}\n")
    return {"registration": registration, "invitation": invitation, "mail": mail, "state": state}


@pytest.fixture
def switzerland_round():
    return VotingRoundFactory(
        title="Selection of the theme of IDM 2010",
        proposals=[ThemeProposalFactory(title="South-South Migration"), ThemeProposalFactory()],
    )


def _download(client):
    response = client.get(reverse("core:personal_data_download"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="idm-portal-my-data-')
    return json.loads(response.content)


def test_the_download_holds_everything_the_portal_keeps_about_the_person(
    client, focal_point, held, delegate
):
    _registration(WorkshopFactory(), delegate, badge_name="Dana Delegate")  # someone else's
    client.force_login(focal_point)
    before = OutgoingMail.objects.count(), Registration.objects.count()
    data = _download(client)
    assert data["account"]["email"] == "focal@example.org"
    assert data["account"]["name"] == "Fabio Focal"
    assert data["email_addresses"] == [
        {"email": "focal@example.org", "verified": True, "primary": True}
    ]
    assert data["focal_point_of"][0]["member_state"] == "Switzerland"
    (registration,) = data["registrations"]
    assert registration["workshop"] == "Human Rights and Migration: Working Together"
    assert registration["special_requirements"] == "Wheelchair access, vegetarian meals"
    assert registration["position"] == "First Secretary"
    assert [i["email"] for i in data["invitations"]] == ["focal@example.org"]
    assert [s["title"] for s in data["workshop_suggestions"]] == [
        "Case study: Swiss labour mobility"
    ]
    assert [s["title"] for s in data["theme_suggestions"]] == ["Migration and Climate Change"]
    (ballot,) = data["ballots_you_cast_or_last_changed"]
    assert ballot["round"] == "Selection of the theme of IDM 2010"
    assert "South-South Migration" not in json.dumps(data)  # when, never what
    (mail,) = data["emails_sent_to_you"]
    assert mail["body_text"] == "Hello Fabio,\nreset your password: [link removed]\n"
    assert "Dana Delegate" not in json.dumps(data)
    assert (OutgoingMail.objects.count(), Registration.objects.count()) == before


def test_the_personal_data_page_links_the_download_and_closing(client, delegate):
    client.force_login(delegate)
    page = client.get(reverse("core:personal_data")).content.decode()
    assert "Download my data (JSON)" in page
    assert f'href="{reverse("core:personal_data_download")}"' in page
    assert f'href="{reverse("core:close_account")}"' in page
    home = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("core:personal_data")}">My personal data</a>' in home


def test_closing_an_account_anonymises_it_and_keeps_the_member_states_ballot(
    client, focal_point, held, switzerland_round
):
    ballots = list(Ballot.objects.values_list("pk", "member_state", "ranking", "cast_by"))
    events = list(BallotEvent.objects.values_list("pk", "member_state", "choice", "actor"))
    client.force_login(focal_point)
    response = client.post(
        reverse("core:close_account"), {"password": PASSWORD, "confirm": "on"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "Your account is closed. Goodbye." in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated

    user = User.objects.get(pk=focal_point.pk)
    assert (user.name, user.is_active, user.has_usable_password()) == (
        "Closed account",
        False,
        False,
    )
    assert re.fullmatch(r"closed-[0-9a-f]{16}@closed\.invalid", user.email)
    assert not EmailAddress.objects.filter(user=user).exists()
    assert not FocalPoint.objects.filter(user=user).exists()
    registration = Registration.objects.get(pk=held["registration"].pk)
    assert (
        registration.badge_name, registration.title, registration.position,
        registration.email, registration.special_requirements, registration.status,
    ) == ("Anonymised participant", "", "", user.email, "", "confirmed")  # fmt: skip
    invitation = Invitation.objects.get(pk=held["invitation"].pk)
    assert invitation.name == ""
    assert invitation.email.endswith("@closed.invalid")
    mail = OutgoingMail.objects.get(pk=held["mail"].pk)
    assert mail.to == user.email
    assert "Fabio" not in mail.body_text
    assert RESET_LINK not in mail.body_text
    # The member state's ballot and its trail are as they were.
    assert list(Ballot.objects.values_list("pk", "member_state", "ranking", "cast_by")) == ballots
    assert list(BallotEvent.objects.values_list("pk", "member_state", "choice", "actor")) == events
    assert not client.login(email="focal@example.org", password=PASSWORD)


def test_a_wrong_password_closes_nothing(client, delegate):
    client.force_login(delegate)
    response = client.post(reverse("core:close_account"), {"password": "not-it", "confirm": "on"})
    assert response.status_code == 200
    assert "The password is not right; your account stays open." in response.content.decode()
    delegate.refresh_from_db()
    assert (delegate.email, delegate.is_active) == ("delegate@example.org", True)


def test_closing_needs_the_tick(client, delegate):
    client.force_login(delegate)
    response = client.post(reverse("core:close_account"), {"password": PASSWORD})
    assert "This field is required." in response.content.decode()
    delegate.refresh_from_db()
    assert delegate.is_active


def _data_of(person, count):
    for n in range(count):
        workshop = WorkshopFactory()
        _registration(workshop, person)
        InvitationFactory(workshop=workshop, email=person.email)
        _mail(person.email, f"Mail {n} https://idm.example/x/{n}")


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "name", ["core:personal_data", "core:personal_data_download", "core:close_account"]
)
def test_the_personal_data_pages_make_as_many_queries_for_much_data_as_for_little(client, name):
    few, many = UserFactory(), UserFactory()
    _data_of(few, 1)
    _data_of(many, 8)
    client.force_login(few)
    little = _queries(client, reverse(name))
    client.force_login(many)
    expected = {
        "core:personal_data": 5,
        "core:personal_data_download": 12,
        "core:close_account": 5,
    }[name]
    assert _queries(client, reverse(name)) == little == expected


def test_only_the_person_themself_exports_or_closes_their_account(delegate, secretariat):
    with pytest.raises(PermissionDenied):
        personal_data.export_personal_data(delegate, actor=secretariat)
    with pytest.raises(PermissionDenied):
        personal_data.close_account(delegate, password=PASSWORD, actor=secretariat)
    delegate.refresh_from_db()
    assert (delegate.name, delegate.is_active) == ("Dana Delegate", True)


def test_closing_an_account_erases_its_passport_details_at_once(client, delegate):
    registration = _registration(WorkshopFactory(), delegate, needs_visa_letter=True)
    PassportDetails.objects.create(
        registration=registration,
        name_in_passport="DELEGATE DANA",
        nationality="CH",
        passport_number="X1234567",
        date_of_birth=dt.date(1980, 5, 17),
    )
    client.force_login(delegate)
    client.post(reverse("core:close_account"), {"password": PASSWORD, "confirm": "on"})
    assert not PassportDetails.objects.exists()
    assert Registration.objects.get(pk=registration.pk).status == "confirmed"

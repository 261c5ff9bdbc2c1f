"""Who sees and does what with delegations, certificates and calendar feeds: a focal point
acts only for its own member state's delegation (another's answers 404, as if it did not
exist); a delegate has no delegation form; a certificate is its holder's only; a feed's
address is the key (no sign-in: calendar applications have none)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    FocalPointFactory,
    MemberStateFactory,
    OrganizationFactory,
    WorkshopFactory,
)
from tests.roles import (
    ANSWERED,
    BEING_MADE,
    DONE,
    FORBIDDEN,
    LOGIN,
    NOT_FOUND,
    OK,
    ROLES,
    check,
    check_role,
    client_for,
)
from workshops.models import Registration, Workshop
from workshops.services import delegations
from workshops.services.calendar_feed import reset_calendar_feed


@pytest.fixture
def world(db, delegate, focal_point, secretariat, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    now = timezone.now()
    workshop = WorkshopFactory(
        slug="social-change",
        registration_opens=now - dt.timedelta(days=1),
        registration_closes=now + dt.timedelta(days=30),
        quota_per_delegation=3,
    )
    switzerland = focal_point.focal_points.get().member_state
    ours = delegations.register_delegate(
        workshop, member_state=switzerland, actor=focal_point, name="Urs Swiss", email="u@admin.ch"
    )
    ours_too = delegations.register_delegate(
        workshop, member_state=switzerland, actor=focal_point, name="Vera Swiss", email="v@admin.ch"
    )
    mexico = MemberStateFactory(country="MX", name="Mexico")
    theirs = delegations.register_delegate(
        workshop,
        member_state=mexico,
        actor=FocalPointFactory(member_state=mexico).user,
        name="Maria Mexicana",
        email="m@sre.gob.mx",
    )
    held = WorkshopFactory(slug="human-rights", status=Workshop.Status.HELD)
    attended = Registration.objects.create(
        workshop=held,
        person=delegate,
        organization=OrganizationFactory(),
        category="ngo",
        badge_name="Dana Delegate",
        email=delegate.email,
        status=Registration.Status.ATTENDED,
    )
    return {
        "users": {
            "anonymous": None,
            "delegate": delegate,
            "focal_point": focal_point,
            "secretariat": secretariat,
        },
        "ours": ours,
        "ours_too": ours_too,
        "theirs": theirs,
        "attended": attended,
        "feed": reset_calendar_feed(delegate, actor=delegate),
    }


def url_of(name, world):
    return {
        "replace a delegate of my state": reverse(
            "workshops:delegate_replace", args=[world["ours"].pk]
        ),
        "change a delegate of my state": reverse(
            "workshops:delegate_change", args=[world["ours"].pk]
        ),
        "change a delegate of another state": reverse(
            "workshops:delegate_change", args=[world["theirs"].pk]
        ),
        "replace a delegate of another state": reverse(
            "workshops:delegate_replace", args=[world["theirs"].pk]
        ),
        "certificate of my attendance": reverse(
            "workshops:registration_certificate_pdf", args=[world["attended"].pk]
        ),
        "my calendar feed (its private address)": reverse(
            "workshops:calendar_feed", args=[world["feed"]]
        ),
        "a calendar feed address that does not exist": reverse(
            "workshops:calendar_feed", args=["no-such-token"]
        ),
        "make head: my state": reverse("workshops:delegate_head", args=[world["ours_too"].pk]),
        "make head: another state": reverse("workshops:delegate_head", args=[world["theirs"].pk]),
        "withdraw: my state": reverse("workshops:delegate_withdraw", args=[world["ours"].pk]),
        "withdraw: another state": reverse(
            "workshops:delegate_withdraw", args=[world["theirs"].pk]
        ),
        "send my certificate by e-mail": reverse(
            "workshops:registration_certificate_send", args=[world["attended"].pk]
        ),
        "register people in my state's delegation": reverse(
            "workshops:delegation", args=[2009, "social-change"]
        ),
    }[name]


# page: (anonymous, delegate, focal point, secretariat)
GET_TABLE = {
    "replace a delegate of my state": (LOGIN, FORBIDDEN, OK, FORBIDDEN),
    "replace a delegate of another state": (LOGIN, FORBIDDEN, NOT_FOUND, FORBIDDEN),
    "change a delegate of my state": (LOGIN, FORBIDDEN, OK, FORBIDDEN),
    "change a delegate of another state": (LOGIN, FORBIDDEN, NOT_FOUND, FORBIDDEN),
    "certificate of my attendance": (LOGIN, BEING_MADE, NOT_FOUND, NOT_FOUND),
    "my calendar feed (its private address)": (OK, OK, OK, OK),
    "a calendar feed address that does not exist": (NOT_FOUND,) * 4,
}

POST_TABLE = {
    "make head: my state": (LOGIN, FORBIDDEN, DONE, FORBIDDEN),
    "make head: another state": (LOGIN, FORBIDDEN, NOT_FOUND, FORBIDDEN),
    "withdraw: my state": (LOGIN, FORBIDDEN, DONE, FORBIDDEN),
    "withdraw: another state": (LOGIN, FORBIDDEN, NOT_FOUND, FORBIDDEN),
    "send my certificate by e-mail": (LOGIN, DONE, NOT_FOUND, NOT_FOUND),
    # An empty form: shown again with its errors, nothing changed.
    "change a delegate of my state": (LOGIN, FORBIDDEN, ANSWERED, FORBIDDEN),
    "change a delegate of another state": (LOGIN, FORBIDDEN, NOT_FOUND, FORBIDDEN),
    # An empty form: shown again with its errors, nothing registered.
    "register people in my state's delegation": (LOGIN, FORBIDDEN, ANSWERED, FORBIDDEN),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", GET_TABLE)
def test_each_role_sees_only_its_delegation_pages(client, world, page, role):
    check_role(client, world, role, GET_TABLE, page, url_of(page, world))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", POST_TABLE)
def test_each_role_changes_only_its_delegation(client, world, action, role):
    url = url_of(action, world)
    before = sorted(Registration.objects.values_list("pk", "status", "is_head_of_delegation"))
    response = client_for(client, world, role).post(url)
    check(response, POST_TABLE[action][ROLES.index(role)], url)
    if POST_TABLE[action][ROLES.index(role)] != DONE:
        assert (
            sorted(Registration.objects.values_list("pk", "status", "is_head_of_delegation"))
            == before
        )

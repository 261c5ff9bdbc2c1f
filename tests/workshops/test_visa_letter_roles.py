"""Who sees and does what with visa support letters and the documents the worker makes for a
registration: the delegate sees and enters only their own passport details and gets only
their own letter; another person's registration answers 404, as if it did not exist; only the
Secretariat reviews and approves letters."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import OrganizationFactory, UserFactory, WorkshopFactory
from tests.roles import (
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
from workshops.models import PassportDetails, Registration
from workshops.services import visa_letters

PASSPORT = {
    "name_in_passport": "DELEGATE Dana",
    "nationality": "PH",
    "passport_number": "P1234567",
    "date_of_birth": dt.date(1980, 5, 17),
}


def registration_of(workshop, person):
    return Registration.objects.create(
        workshop=workshop,
        person=person,
        organization=OrganizationFactory(),
        category="ngo",
        badge_name=person.name or "Someone",
        email=person.email,
        status=Registration.Status.CONFIRMED,
        needs_visa_letter=True,
    )


@pytest.fixture
def world(db, delegate, focal_point, secretariat, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    workshop = WorkshopFactory(slug="human-rights")
    mine = registration_of(workshop, delegate)
    visa_letters.enter_passport_details(mine, actor=delegate, **PASSPORT)
    visa_letters.approve_visa_letters([mine.pk], actor=secretariat)
    theirs = registration_of(workshop, UserFactory())
    return {
        "users": {
            "anonymous": None,
            "delegate": delegate,
            "focal_point": focal_point,
            "secretariat": secretariat,
        },
        "mine": mine,
        "theirs": theirs,
    }


def url_of(name, world, which="mine"):
    return reverse(f"workshops:{name}", args=[world[which].pk])


# page: (anonymous, delegate, focal point, secretariat). The registration is the delegate's.
GET_TABLE = {
    "passport details of my registration": (LOGIN, OK, NOT_FOUND, NOT_FOUND),
    "passport details of another's registration": (LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    "confirmation of my registration": (LOGIN, BEING_MADE, NOT_FOUND, NOT_FOUND),
    "visa letter of my registration": (LOGIN, BEING_MADE, NOT_FOUND, NOT_FOUND),
    "visa letter of another's registration": (LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    "visa support letters": (LOGIN, FORBIDDEN, FORBIDDEN, OK),
}


def get_url_of(page, world):
    return {
        "passport details of my registration": url_of("registration_passport", world),
        "passport details of another's registration": url_of(
            "registration_passport", world, "theirs"
        ),
        "confirmation of my registration": url_of("registration_confirmation_pdf", world),
        "visa letter of my registration": url_of("registration_visa_letter_pdf", world),
        "visa letter of another's registration": url_of(
            "registration_visa_letter_pdf", world, "theirs"
        ),
        "visa support letters": reverse("workshops:visa_letters"),
    }[page]


POST_TABLE = {
    "enter passport details": (LOGIN, DONE, NOT_FOUND, NOT_FOUND),
    "enter passport details of another's registration": (LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    "approve a visa letter": (LOGIN, FORBIDDEN, FORBIDDEN, DONE),
}


def post_of(action, world):
    data = {**PASSPORT, "date_of_birth": "1980-05-17", "passport_number": "P7654321"}
    return {
        "enter passport details": (url_of("registration_passport", world), data),
        "enter passport details of another's registration": (
            url_of("registration_passport", world, "theirs"),
            data,
        ),
        "approve a visa letter": (
            reverse("workshops:visa_letters_approve"),
            {"one": world["theirs"].pk},
        ),
    }[action]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", GET_TABLE)
def test_each_role_sees_only_its_visa_letter_pages(client, world, page, role):
    check_role(client, world, role, GET_TABLE, page, get_url_of(page, world))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", POST_TABLE)
def test_each_role_may_change_only_its_own_passport_details(client, world, action, role):
    url, data = post_of(action, world)
    before = list(PassportDetails.objects.order_by("pk").values())
    response = client_for(client, world, role).post(url, data)
    expected = POST_TABLE[action][ROLES.index(role)]
    check(response, expected, url)
    if expected != DONE:
        assert list(PassportDetails.objects.order_by("pk").values()) == before


def test_the_passport_details_are_not_shown_to_another_delegate(client, world):
    client.force_login(world["theirs"].person)
    response = client.get(reverse("workshops:my_registrations"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter your passport details" in page  # their own row, without details yet
    assert "P1234567" not in page
    assert "DELEGATE Dana" not in page

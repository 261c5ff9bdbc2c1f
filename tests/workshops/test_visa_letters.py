"""Visa support letters: issued only for a confirmed registration of a person whose
organization the Secretariat has confirmed, with the passport details the delegate entered,
once the Secretariat approves it. Until then the delegate's page says exactly what is
missing. Passport details (and the letter's PDF) are erased PASSPORT_RETENTION_DAYS after the
workshop ends."""

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from tests.factories import OrganizationFactory, UserFactory, WorkshopFactory
from workshops.models import PassportDetails, Registration
from workshops.services import registration_pdfs, visa_letters
from workshops.tasks import erase_expired_passport_details_task

pytestmark = pytest.mark.django_db

PASSPORT = {
    "name_in_passport": "DELEGATE Dana Maria",
    "nationality": "PH",
    "passport_number": "P1234567A",
    "date_of_birth": dt.date(1980, 5, 17),
}
MISSING = {
    "registration": "Your registration is pending approval",
    "organization": "The Secretariat has not yet confirmed your organization",
    "passport": "Enter your passport details",
    "approval": "Waiting for the Secretariat's approval",
}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def workshop():
    return WorkshopFactory(title="Effective Respect for the Human Rights of Migrants")


def registration_of(workshop, person, *, status="confirmed", organization=None):
    return Registration.objects.create(
        workshop=workshop,
        person=person,
        organization=organization or OrganizationFactory(),
        category="ngo",
        badge_name=person.name,
        email=person.email,
        status=status,
        needs_visa_letter=True,
    )


def missing_on_my_page(client):
    page = client.get(reverse("workshops:my_registrations")).content.decode()
    return [text for key, text in MISSING.items() if text.replace("'", "&#x27;") in page]


def said(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_the_delegates_page_says_what_is_missing_until_the_letter_can_be_downloaded(
    client, delegate, secretariat, workshop
):
    organization = OrganizationFactory(name="Proposed NGO", is_confirmed=False)
    registration = registration_of(workshop, delegate, status="pending", organization=organization)
    letter_url = reverse("workshops:registration_visa_letter_pdf", args=[registration.pk])
    client.force_login(delegate)

    assert missing_on_my_page(client) == [
        MISSING["registration"],
        MISSING["organization"],
        MISSING["passport"],
    ]
    assert client.get(letter_url).status_code == 404

    Registration.objects.filter(pk=registration.pk).update(status="confirmed")
    organization.is_confirmed = True
    organization.save()
    assert missing_on_my_page(client) == [MISSING["passport"]]

    response = client.post(
        reverse("workshops:registration_passport", args=[registration.pk]),
        {**PASSPORT, "date_of_birth": "1980-05-17", "passport_number": "p 1234567a"},
    )
    assert said(response) == ["Your passport details are saved."]
    assert PassportDetails.objects.get().passport_number == "P1234567A"
    assert missing_on_my_page(client) == [MISSING["approval"]]
    assert client.get(letter_url).status_code == 404
    assert letter_url not in client.get(reverse("workshops:my_registrations")).content.decode()

    assert visa_letters.approve_visa_letters([registration.pk], actor=secretariat) == (1, 0)
    assert missing_on_my_page(client) == []
    assert letter_url in client.get(reverse("workshops:my_registrations")).content.decode()
    assert client.get(letter_url).status_code == 202  # being made by the worker


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("passport_number", "P12-34", "A passport number has 5 to 20 letters and digits"),
        ("date_of_birth", "2999-01-01", "Enter the date of birth written in the passport."),
        ("name_in_passport", "   ", "This field is required."),
        ("nationality", "XX", "Select a valid choice."),
    ],
)
def test_the_passport_form_refuses_what_no_passport_says(
    client, delegate, workshop, field, value, error
):
    registration = registration_of(workshop, delegate)
    client.force_login(delegate)
    data = {**PASSPORT, "date_of_birth": "1980-05-17", field: value}
    response = client.post(reverse("workshops:registration_passport", args=[registration.pk]), data)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not PassportDetails.objects.exists()


def test_the_passport_page_shows_the_details_entered_and_the_retention(
    client, delegate, workshop, django_assert_num_queries, settings
):
    settings.PASSPORT_RETENTION_DAYS = 30
    registration = registration_of(workshop, delegate)
    visa_letters.enter_passport_details(registration, actor=delegate, **PASSPORT)
    client.force_login(delegate)
    # session, user, verified e-mail (role), the registration with its passport details, and
    # the menu's two role checks (Secretariat, focal point)
    with django_assert_num_queries(6):
        response = client.get(reverse("workshops:registration_passport", args=[registration.pk]))
    page = response.content.decode()
    assert 'value="DELEGATE Dana Maria"' in page
    assert 'value="P1234567A"' in page
    assert "they are erased 30 days after the workshop ends" in page


def test_changing_the_passport_details_takes_back_the_approval(delegate, secretariat, workshop):
    registration = registration_of(workshop, delegate)
    visa_letters.enter_passport_details(registration, actor=delegate, **PASSPORT)
    visa_letters.approve_visa_letters([registration.pk], actor=secretariat)

    visa_letters.enter_passport_details(registration, actor=delegate, **PASSPORT)
    assert PassportDetails.objects.get().approved_at is not None  # the same details: kept

    visa_letters.enter_passport_details(
        registration, actor=delegate, **{**PASSPORT, "passport_number": "P0000001"}
    )
    passport = PassportDetails.objects.get()
    assert passport.approved_at is None
    assert passport.approved_by is None


def test_only_the_registrant_enters_and_only_the_secretariat_approves(
    delegate, secretariat, workshop
):
    registration = registration_of(workshop, delegate)
    with pytest.raises(PermissionDenied):
        visa_letters.enter_passport_details(registration, actor=secretariat, **PASSPORT)
    visa_letters.enter_passport_details(registration, actor=delegate, **PASSPORT)
    with pytest.raises(PermissionDenied):
        visa_letters.approve_visa_letters([registration.pk], actor=delegate)
    assert PassportDetails.objects.get().approved_at is None


@pytest.fixture
def review(workshop, delegate):
    """Three registrations that asked for a letter: one ready, one of an unconfirmed
    organization, one without passport details; and one of another workshop, ready."""
    ready = registration_of(workshop, UserFactory(name="Rita Ready"))
    unconfirmed = registration_of(
        workshop,
        UserFactory(name="Uma Unconfirmed"),
        organization=OrganizationFactory(name="Proposed NGO", is_confirmed=False),
    )
    no_passport = registration_of(workshop, UserFactory(name="Nina Nopassport"))
    elsewhere = registration_of(WorkshopFactory(title="Migration and Social Change"), delegate)
    for registration in (ready, unconfirmed, elsewhere):
        visa_letters.enter_passport_details(registration, actor=registration.person, **PASSPORT)
    return {"ready": ready, "unconfirmed": unconfirmed, "none": no_passport, "other": elsewhere}


def test_the_secretariat_reviews_letters_of_one_workshop_with_their_passport_details(
    client, secretariat, workshop, review
):
    client.force_login(secretariat)
    response = client.get(reverse("workshops:visa_letters"), {"workshop": workshop.pk})
    page = response.content.decode()
    rows = [registration.badge_name for registration in response.context["page"]]
    assert rows == ["Nina Nopassport", "Rita Ready", "Uma Unconfirmed"]
    assert "Dana Delegate" not in page  # another workshop's
    assert "DELEGATE Dana Maria" in page
    assert "Philippines · P1234567A" in page
    assert "Ready to approve" in page
    assert "The Secretariat has not yet confirmed your organization" in page
    assert "Enter your passport details" in page


def test_the_secretariat_approves_in_bulk_what_is_ready_and_is_told_what_was_not(
    client, secretariat, workshop, review
):
    client.force_login(secretariat)
    ids = [review[key].pk for key in ("ready", "unconfirmed", "none")]
    response = client.post(
        reverse("workshops:visa_letters_approve"),
        {"registration": ids, "workshop": workshop.pk},
    )
    assert response.headers["Location"] == (
        reverse("workshops:visa_letters") + f"?workshop={workshop.pk}"
    )
    assert said(response) == [
        "1 visa support letter approved.",
        "2 visa support letters were not approved: something is missing.",
    ]
    approved = PassportDetails.objects.filter(approved_at__isnull=False)
    assert [p.registration_id for p in approved] == [review["ready"].pk]
    assert approved.get().approved_by == secretariat
    page = client.get(reverse("workshops:visa_letters"), {"workshop": workshop.pk})
    assert f"Approved on {timezone.localdate():%-d %B %Y}" in page.content.decode()


def test_the_secretariat_approves_one_letter_by_its_own_button(client, secretariat, review):
    client.force_login(secretariat)
    response = client.post(
        reverse("workshops:visa_letters_approve"),
        {"one": review["other"].pk, "registration": [review["ready"].pk]},
    )
    assert said(response) == ["1 visa support letter approved."]
    approved = PassportDetails.objects.filter(approved_at__isnull=False)
    assert [p.registration_id for p in approved] == [review["other"].pk]


@pytest.mark.parametrize("extra", [0, 10])
def test_the_review_list_runs_the_same_queries_however_many_letters(
    client, secretariat, workshop, review, extra, django_assert_num_queries
):
    for number in range(extra):
        registration = registration_of(workshop, UserFactory(name=f"Extra {number}"))
        visa_letters.enter_passport_details(registration, actor=registration.person, **PASSPORT)
    visa_letters.approve_visa_letters([review["ready"].pk], actor=secretariat)
    client.force_login(secretariat)
    # session, user, secretariat group (role), count, the page of registrations with their
    # workshops, organizations, people, passport details and approvers, the workshops of the
    # filter, the menu's focal point check
    with django_assert_num_queries(7):
        response = client.get(reverse("workshops:visa_letters"))
    assert len(response.context["page"]) == 4 + extra


def approved_registration(workshop, secretariat, person=None):
    registration = registration_of(workshop, person or UserFactory(name="Dana Delegate"))
    visa_letters.enter_passport_details(registration, actor=registration.person, **PASSPORT)
    visa_letters.approve_visa_letters([registration.pk], actor=secretariat)
    return Registration.objects.select_related(
        "workshop", "person", "organization", "passport_details"
    ).get(pk=registration.pk)


def test_passport_details_and_the_letter_are_erased_the_set_number_of_days_after_the_workshop(
    secretariat, settings
):
    settings.PASSPORT_RETENTION_DAYS = 30
    today = timezone.localdate()
    ended_long_ago = WorkshopFactory(
        start_date=today - dt.timedelta(days=32), end_date=today - dt.timedelta(days=31)
    )
    ended_lately = WorkshopFactory(
        start_date=today - dt.timedelta(days=30), end_date=today - dt.timedelta(days=29)
    )
    old = approved_registration(ended_long_ago, secretariat)
    recent = approved_registration(ended_lately, secretariat)
    old_letter = registration_pdfs.render_visa_letter_pdf(old)
    recent_letter = registration_pdfs.render_visa_letter_pdf(recent)

    assert erase_expired_passport_details_task() == 1

    assert list(PassportDetails.objects.values_list("registration_id", flat=True)) == [recent.pk]
    assert not default_storage.exists(old_letter)
    assert default_storage.exists(recent_letter)
    assert Registration.objects.filter(pk=old.pk).exists()  # the registration itself stays
    assert erase_expired_passport_details_task() == 0


def test_the_beat_runs_the_erasure():
    entry = settings.CELERY_BEAT_SCHEDULE["erase-expired-passport-details"]
    assert entry["task"] == erase_expired_passport_details_task.name

"""A delegate's registration pages: register, my registrations, change, cancel, the
confirmation and the visa support letter (PDF).

Over 400 lines on purpose: 30 tests of one page family, sharing its helpers and fixtures."""

import datetime as dt
import subprocess

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from idm_portal.core.models import Organization
from tests.factories import OrganizationFactory, UserFactory, WorkshopFactory
from workshops.models import Registration
from workshops.services import registration as services
from workshops.services import visa_letters

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop():
    now = timezone.now()
    return WorkshopFactory(
        title="Effective Respect for the Human Rights of Migrants",
        slug="human-rights",
        capacity=1,
        registration_opens=now - dt.timedelta(days=1),
        registration_closes=now + dt.timedelta(days=10),
    )


@pytest.fixture
def organization():
    return OrganizationFactory(name="Migrants' Rights Network", kind=Organization.Kind.NGO)


def register_url(workshop):
    return reverse("workshops:register", args=[workshop.idm_year.year, workshop.slug])


def form_data(org, **changes):
    data = {
        "badge_name": "Dana Delegate",
        "title": "Ms",
        "position": "Policy officer",
        "email": "dana@example.org",
        "organization": org.pk,
        "category": "",
        "special_requirements": "Vegetarian meals",
        "needs_visa_letter": "on",
        "consents_to_list": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def texts(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def register(workshop, person, organization=None, **details):
    details.setdefault("badge_name", person.name)
    details.setdefault("email", person.email)
    registration, _created = services.register(
        workshop,
        person=person,
        organization=organization or OrganizationFactory(),
        category="ngo",
        **details,
    )
    return registration


def pdf_text(content):
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


def test_register_page_prefills_the_email_and_lists_confirmed_organizations(
    client, delegate, workshop, organization
):
    OrganizationFactory(name="Unchecked proposal", is_confirmed=False)
    client.force_login(delegate)
    response = client.get(register_url(workshop))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="delegate@example.org"' in page
    assert "Migrants&#x27;s Rights Network" in page or "Migrants&#x27; Rights Network" in page
    assert "Unchecked proposal" not in page


def test_register_anonymous_goes_to_the_log_in_page(client, workshop):
    response = client.get(register_url(workshop))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert "next=" in response.url


def test_register_unverified_user_is_refused(client, unverified, workshop):
    client.force_login(unverified)
    assert client.get(register_url(workshop)).status_code == 403


def test_register_confirmed_with_message(client, delegate, workshop, organization):
    client.force_login(delegate)
    response = client.post(register_url(workshop), form_data(organization))
    assert response.status_code == 302
    assert response.url == reverse("workshops:my_registrations")
    assert texts(response) == ["You are registered: your registration is confirmed."]
    registration = Registration.objects.get()
    assert registration.person == delegate
    assert registration.status == "confirmed"
    assert registration.category == "ngo"  # from the organization's kind
    assert registration.badge_name == "Dana Delegate"
    assert registration.special_requirements == "Vegetarian meals"
    assert registration.needs_visa_letter
    assert registration.consents_to_list


def test_register_wait_listed_with_place_in_the_queue(client, delegate, workshop, organization):
    register(workshop, UserFactory())  # the one seat
    register(workshop, UserFactory())  # first on the waiting list
    client.force_login(delegate)
    response = client.post(register_url(workshop), form_data(organization, category="academia"))
    assert texts(response) == [
        "The workshop is full: you are on the waiting list. You are number 2 on the waiting list."
    ]
    registration = Registration.objects.get(person=delegate)
    assert registration.status == "waitlisted"
    assert registration.category == "academia"


def test_register_pending_when_the_workshop_needs_approval(
    client, delegate, workshop, organization
):
    workshop.requires_approval = True
    workshop.save()
    client.force_login(delegate)
    response = client.post(register_url(workshop), form_data(organization))
    assert texts(response) == [
        "Your registration is received; it awaits the Secretariat's approval. We will write to you."
    ]
    assert Registration.objects.get().status == "pending"


def test_register_twice_keeps_one_row_with_a_message(client, delegate, workshop, organization):
    client.force_login(delegate)
    client.post(register_url(workshop), form_data(organization), follow=True)
    response = client.post(register_url(workshop), form_data(organization, badge_name="Other"))
    assert response.url == reverse("workshops:my_registrations")
    assert texts(response) == ["You are already registered for this workshop."]
    assert Registration.objects.get().badge_name == "Dana Delegate"


def test_register_proposes_a_new_organization_for_the_secretariat(client, delegate, workshop):
    client.force_login(delegate)
    response = client.post(
        register_url(workshop),
        form_data(
            org=Organization(pk=""),
            new_organization_name="University of Geneva",
            new_organization_kind="academia",
            new_organization_country="CH",
        ),
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.organization.name == "University of Geneva"
    assert not registration.organization.is_confirmed
    assert registration.organization.country == "CH"
    assert registration.category == "academia"


def test_register_refuses_a_proposed_duplicate_or_a_government_without_country(
    client, delegate, workshop, organization
):
    client.force_login(delegate)
    duplicate = client.post(
        register_url(workshop),
        form_data(
            org=Organization(pk=""),
            new_organization_name="migrants' rights network",
            new_organization_kind="ngo",
        ),
    )
    assert "is already in the list: choose it there." in duplicate.content.decode()
    government = client.post(
        register_url(workshop),
        form_data(
            org=Organization(pk=""),
            new_organization_name="Republic of Nowhere",
            new_organization_kind="government",
        ),
    )
    assert "A government needs its country." in government.content.decode()
    assert not Registration.objects.exists()
    assert Organization.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"badge_name": "x" * 121}, "Ensure this value has at most 120 characters"),
        ({"badge_name": "    "}, "This field is required."),
        ({"email": "not-an-address"}, "Enter a valid email address."),
        ({"category": "diplomat"}, "Select a valid choice. diplomat is not one"),
        ({"organization": 999999}, "Select a valid choice. That choice is not one"),
        ({"organization": ""}, "Choose your organization, or propose a new one below."),
    ],
)
def test_register_bad_input_shows_the_error_and_stores_nothing(
    client, delegate, workshop, organization, changes, message
):
    client.force_login(delegate)
    response = client.post(register_url(workshop), form_data(organization, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Registration.objects.exists()
    assert Organization.objects.count() == 1


def test_register_forged_workshop_slug_is_404(client, delegate, workshop):
    client.force_login(delegate)
    url = reverse("workshops:register", args=[workshop.idm_year.year, "no-such-workshop"])
    assert client.get(url).status_code == 404


def test_register_closed_window_shows_the_dates_and_stores_nothing(
    client, delegate, workshop, organization
):
    workshop.registration_opens = timezone.now() - dt.timedelta(days=20)
    workshop.registration_closes = timezone.make_aware(dt.datetime(2009, 3, 20, 18, 0))
    workshop.save()
    client.force_login(delegate)
    expected = "Registration closed on 20 March 2009 at 18:00 (Geneva time)."
    page = client.get(register_url(workshop)).content.decode()
    assert expected in page
    assert "<form" not in page.split('id="main"')[1]
    response = client.post(register_url(workshop), form_data(organization))
    assert expected in response.content.decode()
    assert not Registration.objects.exists()


def test_register_before_the_window_opens_says_when(client, delegate, workshop, organization):
    workshop.registration_opens = timezone.make_aware(dt.datetime(2099, 1, 5, 9, 0))
    workshop.registration_closes = timezone.make_aware(dt.datetime(2099, 2, 5, 9, 0))
    workshop.save()
    client.force_login(delegate)
    response = client.post(register_url(workshop), form_data(organization))
    assert (
        "Registration opens on 5 January 2099 at 09:00 (Geneva time)." in response.content.decode()
    )
    assert not Registration.objects.exists()


def test_register_without_csrf_token_is_refused(delegate, workshop, organization):
    client = Client(enforce_csrf_checks=True)
    client.force_login(delegate)
    response = client.post(register_url(workshop), form_data(organization))
    assert response.status_code == 403
    assert not Registration.objects.exists()


def test_register_when_the_workshop_is_busy_asks_to_try_again(
    client, delegate, workshop, organization, monkeypatch
):
    # The lock time-out needs a second connection holding the lock; the race tests do that.
    # Here only the page's answer to it matters.
    def busy(*args, **kwargs):
        raise services.TryAgain

    monkeypatch.setattr(services, "_lock_workshop", busy)
    client.force_login(delegate)
    response = client.post(register_url(workshop), form_data(organization))
    assert response.status_code == 503
    assert "please try again in a few seconds" in response.content.decode()
    assert not Registration.objects.exists()


def test_workshop_page_offers_registration_then_shows_it(client, delegate, workshop):
    client.force_login(delegate)
    page = client.get(workshop.get_absolute_url()).content.decode()
    assert "Register for this workshop" in page
    register(workshop, delegate)
    page = client.get(workshop.get_absolute_url()).content.decode()
    assert "Register for this workshop" not in page
    assert "You are registered (Confirmed)" in page


@pytest.mark.parametrize("missing", ["registration_opens", "registration_closes"])
def test_a_window_open_on_one_side_is_offered_and_taken(client, delegate, workshop, missing):
    # The page and the register service follow one rule: a window with one end set is open
    # on that side ("until further notice"); with neither end, it is not announced.
    setattr(workshop, missing, None)
    workshop.save()
    client.force_login(delegate)
    page = client.get(workshop.get_absolute_url()).content.decode()
    assert "Register for this workshop" in page
    register(workshop, delegate)
    assert Registration.objects.get(workshop=workshop, person=delegate).status == "confirmed"


def test_a_window_with_no_end_set_is_not_offered_and_refused(client, delegate, workshop):
    workshop.registration_opens = workshop.registration_closes = None
    workshop.save()
    client.force_login(delegate)
    page = client.get(workshop.get_absolute_url()).content.decode()
    assert "The registration dates have not been announced yet." in page
    assert "Register for this workshop" not in page
    response = client.get(register_url(workshop), follow=True)
    assert "Registration for this workshop is not open." in response.content.decode()


def test_my_registrations_lists_only_mine_with_status_and_queue_place(client, delegate, workshop):
    other = UserFactory(name="Olga Other")
    register(workshop, other, badge_name="Olga Other")
    mine = register(workshop, delegate, badge_name="Dana on the badge")
    client.force_login(delegate)
    response = client.get(reverse("workshops:my_registrations"))
    page = response.content.decode()
    assert "Dana on the badge" in page
    assert "Olga Other" not in page
    assert "Wait-listed" in page
    assert "Number 1 on the waiting list" in page
    assert reverse("workshops:registration_cancel", args=[mine.pk]) in page
    # Not confirmed yet: no documents.
    assert reverse("workshops:registration_confirmation_pdf", args=[mine.pk]) not in page


@pytest.mark.parametrize("count", [1, 6])
def test_my_registrations_query_count_does_not_grow(
    client, delegate, django_assert_num_queries, count
):
    now = timezone.now()
    for _index in range(count):
        workshop = WorkshopFactory(
            capacity=0,
            registration_opens=now - dt.timedelta(days=1),
            registration_closes=now + dt.timedelta(days=1),
        )
        register(workshop, delegate)
    client.force_login(delegate)
    # session, user, verified e-mail (role), the registrations with their positions
    with django_assert_num_queries(6):
        response = client.get(reverse("workshops:my_registrations"))
    assert response.content.decode().count("Number 1 on the waiting list") == count


@pytest.fixture
def others_registration(workshop):
    return register(workshop, UserFactory(), needs_visa_letter=True)


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("workshops:registration_change", "get"),
        ("workshops:registration_change", "post"),
        ("workshops:registration_cancel", "post"),
        ("workshops:registration_confirmation_pdf", "get"),
        ("workshops:registration_visa_letter_pdf", "get"),
    ],
)
def test_another_persons_registration_is_404(client, delegate, others_registration, name, method):
    client.force_login(delegate)
    url = reverse(name, args=[others_registration.pk])
    response = getattr(client, method)(url, {"badge_name": "Hijacked"})
    assert response.status_code == 404
    others_registration.refresh_from_db()
    assert others_registration.status == "confirmed"
    assert others_registration.badge_name != "Hijacked"


def test_change_updates_what_may_change(client, delegate, workshop):
    registration = register(workshop, delegate)
    client.force_login(delegate)
    url = reverse("workshops:registration_change", args=[registration.pk])
    assert 'value="Dana Delegate"' in client.get(url).content.decode()
    response = client.post(
        url, {"badge_name": "H.E. Dana Delegate", "title": "Dr", "position": "Ambassador"}
    )
    assert texts(response) == ["Your registration is changed."]
    registration.refresh_from_db()
    assert registration.badge_name == "H.E. Dana Delegate"
    assert registration.position == "Ambassador"
    assert not registration.needs_visa_letter


def test_change_refuses_a_badge_name_of_spaces(client, delegate, workshop):
    registration = register(workshop, delegate)
    client.force_login(delegate)
    url = reverse("workshops:registration_change", args=[registration.pk])
    response = client.post(url, {"badge_name": "   "})
    assert "This field is required." in response.content.decode()
    registration.refresh_from_db()
    assert registration.badge_name == "Dana Delegate"


def test_cancel_promotes_the_first_on_the_waiting_list(client, delegate, workshop):
    mine = register(workshop, delegate)
    first_waiting = register(workshop, UserFactory())
    second_waiting = register(workshop, UserFactory())
    client.force_login(delegate)
    response = client.post(reverse("workshops:registration_cancel", args=[mine.pk]))
    assert texts(response) == ["Your registration is cancelled."]
    for registration in (mine, first_waiting, second_waiting):
        registration.refresh_from_db()
    assert mine.status == "cancelled"
    assert first_waiting.status == "confirmed"
    assert second_waiting.status == "waitlisted"
    page = client.get(reverse("workshops:my_registrations")).content.decode()
    assert "Cancelled" in page
    assert reverse("workshops:registration_cancel", args=[mine.pk]) not in page


def test_cancel_answers_only_post(client, delegate, workshop):
    mine = register(workshop, delegate)
    client.force_login(delegate)
    assert client.get(reverse("workshops:registration_cancel", args=[mine.pk])).status_code == 405
    mine.refresh_from_db()
    assert mine.status == "confirmed"


def test_confirmation_pdf_carries_the_registration(client, delegate, workshop, fetch_document):
    registration = register(
        workshop,
        delegate,
        organization=OrganizationFactory(name="Migrants' Rights Network"),
        badge_name="Dana Delegate",
    )
    client.force_login(delegate)
    _pending, response = fetch_document(
        client, reverse("workshops:registration_confirmation_pdf", args=[registration.pk])
    )
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    text = pdf_text(response.pdf)
    assert "Confirmation of registration" in text
    assert "Dana Delegate" in text
    assert "Migrants' Rights Network" in text
    assert "Effective Respect for the Human Rights of Migrants" in text
    assert "25–26 March 2009" in text
    assert "Palais des Nations, Geneva" in text
    assert "Confirmed" in text


def approved_letter(registration, secretariat, **passport):
    details = {
        "name_in_passport": "DELEGATE Dana Maria",
        "nationality": "PH",
        "passport_number": "P1234567A",
        "date_of_birth": dt.date(1980, 5, 17),
        **passport,
    }
    visa_letters.enter_passport_details(registration, actor=registration.person, **details)
    assert visa_letters.approve_visa_letters([registration.pk], actor=secretariat) == (1, 0)


def test_visa_letter_pdf_names_the_person_the_workshop_and_the_passport(
    client, delegate, workshop, secretariat, fetch_document
):
    registration = register(workshop, delegate, needs_visa_letter=True)
    approved_letter(registration, secretariat)
    client.force_login(delegate)
    _pending, response = fetch_document(
        client, reverse("workshops:registration_visa_letter_pdf", args=[registration.pk])
    )
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response.pdf).split())
    assert "To whom it may concern" in text
    assert "confirms that Dana Delegate, Organization" in text
    assert "the workshop “Effective Respect for the Human Rights of Migrants”" in text
    assert "from 25 March 2009 to 26 March 2009 at Palais des Nations, Geneva" in text
    assert (
        "Name as in the passport: DELEGATE Dana Maria. Nationality: Philippines. "
        "Passport number: P1234567A. Date of birth: 17 May 1980."
    ) in text
    assert "IDM Secretariat" in text


def test_visa_letter_pdf_in_the_persons_language(client, workshop, secretariat, fetch_document):
    person = UserFactory(name="Luc Délégué", preferred_language="fr")
    registration = register(workshop, person, needs_visa_letter=True)
    approved_letter(registration, secretariat)
    client.force_login(person)
    _pending, response = fetch_document(
        client, reverse("workshops:registration_visa_letter_pdf", args=[registration.pk])
    )
    text = " ".join(pdf_text(response.pdf).split())
    assert "Luc Délégué" in text
    assert "mars 2009" in text
    assert "P1234567A" in text


def test_pdfs_wait_for_confirmation(client, delegate, workshop):
    register(workshop, UserFactory())
    waiting = register(workshop, delegate, needs_visa_letter=True)
    client.force_login(delegate)
    for name in ("registration_confirmation_pdf", "registration_visa_letter_pdf"):
        assert client.get(reverse(f"workshops:{name}", args=[waiting.pk])).status_code == 404


def test_registration_statuses_agree_with_a_registration_in_french_and_spanish(
    client, delegate, workshop
):
    register(workshop, delegate)
    client.force_login(delegate)
    for prefix, confirmed in [("/fr/", "Confirmée"), ("/es/", "Confirmada")]:
        url = prefix + reverse("workshops:my_registrations").split("/", 2)[2]
        assert confirmed in client.get(url).content.decode()

"""Delegations: a focal point registers its member state's delegation within the quota,
names its head, replaces and withdraws people; each person gets an account (or keeps theirs)
and their own confirmation; the Secretariat sees every delegation and who is missing.

Over 400 lines on purpose: 20 tests of one feature, sharing its world of focal points."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from idm_portal.core.models import OutgoingMail, User
from tests.factories import (
    FocalPointFactory,
    MemberStateFactory,
    UserFactory,
    WorkshopFactory,
    with_mfa,
)
from workshops.models import CategoryQuota, Registration
from workshops.services import delegations as services
from workshops.services.registration_mail import send_registration_mail


@pytest.fixture
def workshop(db):
    now = timezone.now()
    return WorkshopFactory(
        registration_opens=now - dt.timedelta(days=1),
        registration_closes=now + dt.timedelta(days=30),
        quota_per_delegation=3,
    )


@pytest.fixture
def switzerland(focal_point):
    return focal_point.focal_points.get().member_state


def person(number, **fields):
    return {"name": f"Delegate {number}", "email": f"delegate{number}@admin.ch", **fields}


def test_a_focal_point_registers_three_and_the_fourth_is_refused_with_the_quota(
    workshop, focal_point, switzerland
):
    made = [
        services.register_delegate(
            workshop, member_state=switzerland, actor=focal_point, **person(number)
        )
        for number in (1, 2, 3)
    ]
    with pytest.raises(ValidationError) as refused:
        services.register_delegate(
            workshop, member_state=switzerland, actor=focal_point, **person(4)
        )
    assert refused.value.messages == [
        "The delegation of Switzerland has reached its quota of 3 people for this workshop."
    ]
    assert [r.status for r in made] == ["confirmed"] * 3
    assert sorted(
        Registration.objects.filter(workshop=workshop).values_list("badge_name", flat=True)
    ) == ["Delegate 1", "Delegate 2", "Delegate 3"]
    assert not User.objects.filter(email="delegate4@admin.ch").exists()
    assert {r.registered_by for r in Registration.objects.all()} == {focal_point}


def test_the_governments_category_quota_is_named_when_reached(workshop, focal_point, switzerland):
    CategoryQuota.objects.create(workshop=workshop, category="government", limit=1)
    services.register_delegate(workshop, member_state=switzerland, actor=focal_point, **person(1))
    with pytest.raises(ValidationError) as refused:
        services.register_delegate(
            workshop, member_state=switzerland, actor=focal_point, **person(2)
        )
    assert refused.value.messages == [
        "The quota of 1 government participants for this workshop is reached."
    ]


def test_a_new_person_gets_an_unverified_account_and_a_link_to_set_a_password(
    workshop, focal_point, switzerland, client
):
    registration = services.register_delegate(
        workshop,
        member_state=switzerland,
        actor=focal_point,
        language="fr",
        head=True,
        **person(1, title="H.E.", position="Ambassador"),
    )
    new = User.objects.get(email="delegate1@admin.ch")
    assert new.name == "Delegate 1"
    assert new.preferred_language == "fr"
    assert not new.has_usable_password()
    assert not new.emailaddress_set.get().verified
    assert registration.is_head_of_delegation
    assert registration.person == new

    mail = services.send_account_invitation(registration.pk)
    assert mail.to == "delegate1@admin.ch"
    assert mail.language == "fr"
    link = next(line for line in mail.body_text.splitlines() if "/password/reset/key/" in line)
    # The link opens allauth's form to set a password (it redirects to its session URL);
    # setting it proves the address: the person is then a delegate and sees their
    # registration.
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    form = client.get(path, follow=True)
    assert b"password1" in form.content
    client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else path,
        {"password1": "a-new-long-password-77", "password2": "a-new-long-password-77"},
    )
    new.refresh_from_db()
    assert new.check_password("a-new-long-password-77")
    assert new.emailaddress_set.get().verified
    client.force_login(new)
    page = client.get(reverse("workshops:my_registrations")).content.decode()
    assert workshop.title in page
    # The registration's own confirmation goes to the person, in their language.
    confirmation = send_registration_mail(registration.pk, "confirmed")
    assert confirmation.to == "delegate1@admin.ch"
    assert confirmation.language == "fr"


def test_a_person_with_an_account_keeps_it_and_gets_no_account_mail(
    workshop, focal_point, switzerland
):
    existing = UserFactory(email="ambassador@admin.ch", name="Anna Ambassador")
    registration = services.register_delegate(
        workshop,
        member_state=switzerland,
        actor=focal_point,
        name="Anna Ambassador",
        email="Ambassador@Admin.ch",
    )
    assert registration.person == existing
    assert services.send_account_invitation(registration.pk) is None
    assert User.objects.filter(email__iexact="ambassador@admin.ch").count() == 1


def test_a_focal_point_cannot_register_for_another_member_state(workshop, focal_point):
    philippines = MemberStateFactory(country="PH", name="Philippines")
    with pytest.raises(PermissionDenied):
        services.register_delegate(
            workshop, member_state=philippines, actor=focal_point, **person(1)
        )
    assert not Registration.objects.exists()


def test_a_delegate_cannot_register_a_delegation(workshop, delegate, switzerland):
    with pytest.raises(PermissionDenied):
        services.register_delegate(workshop, member_state=switzerland, actor=delegate, **person(1))


def test_one_head_per_delegation(workshop, focal_point, switzerland):
    first = services.register_delegate(
        workshop, member_state=switzerland, actor=focal_point, head=True, **person(1)
    )
    second = services.register_delegate(
        workshop, member_state=switzerland, actor=focal_point, head=True, **person(2)
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.is_head_of_delegation, second.is_head_of_delegation) == (False, True)
    services.change_delegate(first, actor=focal_point, head=True)
    assert list(
        Registration.objects.filter(is_head_of_delegation=True).values_list("badge_name", flat=True)
    ) == ["Delegate 1"]


def test_replacing_a_person_passes_the_seat_in_one_transaction(
    workshop, focal_point, switzerland, django_capture_on_commit_callbacks
):
    for number in (1, 2):
        services.register_delegate(
            workshop, member_state=switzerland, actor=focal_point, **person(number)
        )
    head = services.register_delegate(
        workshop, member_state=switzerland, actor=focal_point, head=True, **person(3)
    )
    with django_capture_on_commit_callbacks() as callbacks:
        new = services.replace_delegate(
            head, actor=focal_point, name="Delegate 9", email="delegate9@admin.ch"
        )
    head.refresh_from_db()
    assert head.status == "cancelled"
    assert not head.is_head_of_delegation
    assert new.status == "confirmed"
    assert new.is_head_of_delegation
    assert new.registered_by == focal_point
    # The old person is told of the cancellation, the new one of the registration and the
    # account made for them.
    assert [getattr(c, "keywords", {}).get("args") for c in callbacks][:2] == [
        [head.pk, "cancelled"],
        [new.pk, "confirmed"],
    ]
    assert len(callbacks) == 3
    assert services.delegation(workshop, switzerland).count() == 3


def test_a_failed_replacement_changes_nothing(workshop, focal_point, switzerland):
    first = services.register_delegate(
        workshop, member_state=switzerland, actor=focal_point, **person(1)
    )
    services.register_delegate(workshop, member_state=switzerland, actor=focal_point, **person(2))
    with pytest.raises(ValidationError):
        services.replace_delegate(
            first, actor=focal_point, name="Delegate 2", email="delegate2@admin.ch"
        )
    first.refresh_from_db()
    assert first.status == "confirmed"


def test_another_member_states_focal_point_cannot_replace_or_withdraw(
    workshop, focal_point, switzerland
):
    registration = services.register_delegate(
        workshop, member_state=switzerland, actor=focal_point, **person(1)
    )
    other = FocalPointFactory(member_state=MemberStateFactory(country="MX", name="Mexico")).user
    with pytest.raises(PermissionDenied):
        services.withdraw_delegate(registration, actor=other)
    with pytest.raises(PermissionDenied):
        services.replace_delegate(registration, actor=other, name="X", email="x@example.org")
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_the_overview_lists_delegations_with_their_head_and_the_states_missing(
    workshop, focal_point, switzerland
):
    MemberStateFactory(country="MA", name="Morocco")
    services.register_delegate(
        workshop, member_state=switzerland, actor=focal_point, head=True, **person(1)
    )
    services.register_delegate(workshop, member_state=switzerland, actor=focal_point, **person(2))
    registered, missing = services.delegations_overview(workshop)
    assert [(s.name, s.head.badge_name, len(s.delegates)) for s in registered] == [
        ("Switzerland", "Delegate 1", 2)
    ]
    assert [s.name for s in missing] == ["Morocco"]


def test_withdrawing_frees_the_place(workshop, focal_point, switzerland):
    people = [
        services.register_delegate(
            workshop, member_state=switzerland, actor=focal_point, **person(number)
        )
        for number in (1, 2, 3)
    ]
    services.withdraw_delegate(people[0], actor=focal_point)
    assert services.room_left(workshop, switzerland) == 1
    services.register_delegate(workshop, member_state=switzerland, actor=focal_point, **person(4))
    assert OutgoingMail.objects.count() == 0  # mails are rendered by the worker, on commit


def test_the_delegation_page_registers_people_and_refuses_the_fourth(
    workshop, focal_point, switzerland, client
):
    client.force_login(focal_point)
    url = reverse("workshops:delegation", args=[workshop.idm_year.year, workshop.slug])
    data = {
        "people-TOTAL_FORMS": "4",
        "people-INITIAL_FORMS": "0",
        "people-MIN_NUM_FORMS": "0",
        "people-MAX_NUM_FORMS": "50",
    }
    for index in range(4):
        data.update(
            {
                f"people-{index}-name": f"Delegate {index + 1}",
                f"people-{index}-email": f"delegate{index + 1}@admin.ch",
                f"people-{index}-role": "head" if index == 0 else "member",
                f"people-{index}-language": "en",
            }
        )
    response = client.post(url, data, follow=True)
    page = response.content.decode()
    assert "3 people registered in the delegation." in page
    assert (
        "Delegate 4: The delegation of Switzerland has reached its quota of 3 people "
        "for this workshop." in page
    )
    assert "3 of 3 places of the delegation taken; 0 left." in page
    assert "Head of delegation" in page


def test_a_focal_point_cannot_see_another_member_states_delegation(
    workshop, focal_point, switzerland, client
):
    mexico = MemberStateFactory(country="MX", name="Mexico")
    other = FocalPointFactory(member_state=mexico).user
    registration = services.register_delegate(
        workshop, member_state=mexico, actor=other, **person(1)
    )
    client.force_login(focal_point)
    url = reverse("workshops:delegation", args=[workshop.idm_year.year, workshop.slug])
    assert client.get(url, {"state": mexico.pk}).status_code == 404
    assert "Delegate 1" not in client.get(url).content.decode()
    replace = reverse("workshops:delegate_replace", args=[registration.pk])
    assert client.get(replace).status_code == 404
    withdraw = reverse("workshops:delegate_withdraw", args=[registration.pk])
    assert client.post(withdraw).status_code == 404


def test_a_delegate_cannot_use_the_delegation_form(workshop, delegate, client):
    client.force_login(delegate)
    url = reverse("workshops:delegation", args=[workshop.idm_year.year, workshop.slug])
    assert client.get(url).status_code == 403
    assert client.post(url, {}).status_code == 403


def test_the_overview_csv_has_a_row_per_member_state(workshop, focal_point, switzerland, client):
    MemberStateFactory(country="MA", name="Morocco")
    services.register_delegate(
        workshop, member_state=switzerland, actor=focal_point, head=True, **person(1)
    )
    secretariat = UserFactory()
    from idm_portal.core.services.accounts import appoint_secretariat

    appoint_secretariat(secretariat)
    with_mfa(secretariat)  # or the portal sends a Secretariat member to set MFA up first
    client.force_login(secretariat)
    url = reverse("workshops:delegations_csv", args=[workshop.idm_year.year, workshop.slug])
    lines = client.get(url).getvalue().decode("utf-8-sig").splitlines()
    assert lines == [
        "Member state,Head of delegation,Registered,Quota,People",
        "Switzerland,Delegate 1,1,3,Delegate 1",
        "Morocco,,0,3,",
    ]


@pytest.mark.parametrize("states", [2, 12])
def test_the_overview_page_query_count(
    workshop, secretariat, client, django_assert_num_queries, states
):
    codes = ["CH", "PH", "MX", "MA", "SN", "FR", "DE", "IT", "ES", "PT", "BR", "AR"][:states]
    for index, code in enumerate(codes):
        state = MemberStateFactory(country=code, name=f"State {code}")
        focal = FocalPointFactory(member_state=state).user
        for number in range(2):
            services.register_delegate(
                workshop,
                member_state=state,
                actor=focal,
                head=number == 0,
                **person(f"{index}-{number}"),
            )
    client.force_login(secretariat)
    url = reverse("workshops:delegations", args=[workshop.idm_year.year, workshop.slug])
    with django_assert_num_queries(7):
        response = client.get(url)
    assert f"{states} member states registered; 0 not yet." in response.content.decode()


@pytest.mark.parametrize("people", [1, 3])
def test_the_delegation_page_query_count(
    workshop, focal_point, switzerland, client, django_assert_num_queries, people
):
    for number in range(people):
        services.register_delegate(
            workshop, member_state=switzerland, actor=focal_point, **person(number)
        )
    client.force_login(focal_point)
    url = reverse("workshops:delegation", args=[workshop.idm_year.year, workshop.slug])
    with django_assert_num_queries(6):
        response = client.get(url)
    assert f"{people} of 3 places of the delegation taken" in response.content.decode()


def test_a_focal_point_changes_a_delegates_badge_name_and_position(
    workshop, focal_point, switzerland, client
):
    registration = services.register_delegate(
        workshop, member_state=switzerland, actor=focal_point, **person(1)
    )
    client.force_login(focal_point)
    url = reverse("workshops:delegate_change", args=[registration.pk])
    assert 'value="Delegate 1"' in client.get(url).content.decode()
    page = client.post(
        url,
        {"badge_name": "Dr Delegate One", "title": "Dr", "position": "Director"},
        follow=True,
    ).content.decode()
    assert "The registration of Dr Delegate One is changed." in page
    registration.refresh_from_db()
    assert (registration.badge_name, registration.title, registration.position) == (
        "Dr Delegate One",
        "Dr",
        "Director",
    )
    assert registration.status == "confirmed"


@pytest.mark.parametrize("people", [1, 3])
@pytest.mark.parametrize("page", ["delegate_change", "delegate_replace"])
def test_the_change_and_replace_pages_query_count(
    workshop, focal_point, switzerland, client, django_assert_num_queries, people, page
):
    made = [
        services.register_delegate(
            workshop, member_state=switzerland, actor=focal_point, **person(number)
        )
        for number in range(people)
    ]
    client.force_login(focal_point)
    with django_assert_num_queries(5):
        response = client.get(reverse(f"workshops:{page}", args=[made[0].pk]))
    assert "Delegate 0" in response.content.decode()

"""The list of speakers in the room: the order of the floor (member states, observers,
organizations; or in order of request), asking twice, giving the floor, moving, the pages of
the chair, the projector and the delegate, and their query counts."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from idm_portal.core.models import Organization
from tests.factories import (
    MemberStateFactory,
    OrganizationFactory,
    SessionFactory,
    UserFactory,
    WorkshopFactory,
)
from workshops.models import FloorRequest, Registration, SpeakersList
from workshops.services import speakers_list as services

pytestmark = pytest.mark.django_db


@pytest.fixture
def discussion(secretariat):
    workshop = WorkshopFactory(
        slug="trafficking", start_date=dt.date(2009, 7, 9), end_date=dt.date(2009, 7, 10)
    )
    session = SessionFactory(
        workshop=workshop, title="General discussion", kind="general_discussion"
    )
    return services.open_speakers_list(session, actor=secretariat)


def observer(name="China", country="CN"):
    return MemberStateFactory(name=name, country=country, iom_status="observer_state")


def names(speakers_list):
    return [entry.organization.name for entry in services.room(speakers_list).queue]


def add(speakers_list, organization, secretariat):
    return services.ask_for_floor(speakers_list, actor=secretariat, organization=organization)


def test_member_states_speak_before_observers_before_organizations(discussion, secretariat):
    unhcr = OrganizationFactory(name="UNHCR", kind="international_organization")
    add(discussion, unhcr, secretariat)
    add(discussion, observer(), secretariat)
    add(discussion, MemberStateFactory(country="MX", name="Mexico"), secretariat)
    add(discussion, OrganizationFactory(name="Caritas", kind="ngo"), secretariat)
    add(discussion, MemberStateFactory(country="PH", name="Philippines"), secretariat)
    assert names(discussion) == ["Mexico", "Philippines", "China", "UNHCR", "Caritas"]


def test_in_order_of_request_the_queue_follows_the_requests(discussion, secretariat):
    services.update_speakers_list(
        discussion, actor=secretariat, order="request", speaking_time=120, is_open=True
    )
    discussion.refresh_from_db()
    add(discussion, OrganizationFactory(name="UNHCR"), secretariat)
    add(discussion, observer(), secretariat)
    add(discussion, MemberStateFactory(country="MX", name="Mexico"), secretariat)
    assert names(discussion) == ["UNHCR", "China", "Mexico"]
    # Back to precedence: the waiting requests are sorted again.
    services.update_speakers_list(
        discussion, actor=secretariat, order="precedence", speaking_time=120, is_open=True
    )
    assert names(discussion) == ["Mexico", "China", "UNHCR"]


def test_a_focal_point_asking_twice_waits_once(discussion, focal_point):
    first = services.ask_for_floor(discussion, actor=focal_point)
    second = services.ask_for_floor(discussion, actor=focal_point)
    assert first.pk == second.pk
    assert names(discussion) == ["Switzerland"]


def test_a_confirmed_participant_asks_for_its_organization(discussion):
    person = UserFactory()
    ngo = OrganizationFactory(name="Caritas Internationalis")
    Registration.objects.create(
        workshop=discussion.session.workshop,
        person=person,
        organization=ngo,
        category="ngo",
        badge_name="Ana",
        email=person.email,
        status=Registration.Status.CONFIRMED,
    )
    services.ask_for_floor(discussion, actor=person)
    assert names(discussion) == ["Caritas Internationalis"]


def test_someone_without_a_delegation_cannot_ask(discussion, delegate):
    with pytest.raises(PermissionDenied):
        services.ask_for_floor(discussion, actor=delegate)


def test_only_the_chair_adds_another_delegation(discussion, focal_point):
    with pytest.raises(PermissionDenied):
        services.ask_for_floor(discussion, actor=focal_point, organization=observer())


def test_a_closed_list_takes_no_new_request(discussion, focal_point, secretariat):
    services.update_speakers_list(
        discussion, actor=secretariat, order="precedence", speaking_time=180, is_open=False
    )
    with pytest.raises(ValidationError):
        services.ask_for_floor(discussion, actor=focal_point)


def test_giving_the_floor_ends_the_previous_turn(discussion, secretariat):
    mexico = add(discussion, MemberStateFactory(country="MX", name="Mexico"), secretariat)
    china = add(discussion, observer(), secretariat)
    services.give_floor(mexico, actor=secretariat)
    services.give_floor(china, actor=secretariat)
    room = services.room(discussion)
    assert room.speaker.organization.name == "China"
    assert [entry.organization.name for entry in room.done] == ["Mexico"]
    assert room.queue == []
    services.finish_turn(discussion, actor=secretariat)
    room = services.room(discussion)
    assert room.speaker is None
    assert [entry.organization.name for entry in room.done] == ["Mexico", "China"]


def test_the_countdown_counts_the_speaking_time(discussion, secretariat):
    entry = add(discussion, MemberStateFactory(country="MX", name="Mexico"), secretariat)
    given = dt.datetime(2009, 7, 9, 15, 0, tzinfo=dt.UTC)
    services.give_floor(entry, actor=secretariat, now=given)
    room = services.room(discussion, now=given + dt.timedelta(seconds=50))
    assert room.remaining_seconds == 180 - 50
    room = services.room(discussion, now=given + dt.timedelta(seconds=200))
    assert room.remaining_seconds == -20


def test_the_chair_moves_a_request_up_and_down(discussion, secretariat):
    add(discussion, MemberStateFactory(country="MX", name="Mexico"), secretariat)
    philippines = add(discussion, MemberStateFactory(country="PH", name="Philippines"), secretariat)
    add(discussion, MemberStateFactory(country="MA", name="Morocco"), secretariat)
    services.move_request(philippines, actor=secretariat, direction="up")
    assert names(discussion) == ["Philippines", "Mexico", "Morocco"]
    services.move_request(philippines, actor=secretariat, direction="up")  # already first
    assert names(discussion) == ["Philippines", "Mexico", "Morocco"]
    services.move_request(philippines, actor=secretariat, direction="down")
    services.move_request(philippines, actor=secretariat, direction="down")
    assert names(discussion) == ["Mexico", "Morocco", "Philippines"]


def test_a_delegate_cannot_give_the_floor_or_move(discussion, focal_point, secretariat):
    entry = add(discussion, observer(), secretariat)
    with pytest.raises(PermissionDenied):
        services.give_floor(entry, actor=focal_point)
    with pytest.raises(PermissionDenied):
        services.move_request(entry, actor=focal_point, direction="up")


def test_the_delegate_page_asks_for_the_floor_and_shows_the_place(
    client, discussion, focal_point, secretariat
):
    add(discussion, MemberStateFactory(country="MX", name="Mexico"), secretariat)
    session = discussion.session
    client.force_login(focal_point)
    args = [session.workshop.idm_year.year, session.workshop.slug, session.pk]
    page = client.get(reverse("workshops:floor", args=args)).content.decode()
    assert "Ask for the floor for Switzerland" in page
    response = client.post(reverse("workshops:floor_ask", args=args), follow=True)
    assert "Switzerland is number 2 on the list of speakers." in response.content.decode()
    client.post(reverse("workshops:floor_ask", args=args))
    assert FloorRequest.objects.filter(organization__name="Switzerland").count() == 1
    response = client.post(reverse("workshops:floor_withdraw", args=args), follow=True)
    assert "Ask for the floor for Switzerland" in response.content.decode()
    assert names(discussion) == ["Mexico"]


def test_the_chair_gives_the_floor_from_the_page_with_htmx(client, discussion, secretariat):
    entry = add(discussion, MemberStateFactory(country="MX", name="Mexico"), secretariat)
    session = discussion.session
    client.force_login(secretariat)
    args = [session.workshop.idm_year.year, session.workshop.slug, session.pk]
    response = client.post(
        reverse("workshops:speakers_give_floor", args=[*args, entry.pk]),
        headers={"HX-Request": "true"},
    )
    fragment = response.content.decode()
    assert response.status_code == 200
    assert '<p class="h3 current-speaker mb-2">Mexico</p>' in fragment
    assert 'data-remaining="180"' in fragment
    assert "Nobody is waiting for the floor." in fragment


def test_the_secretariat_opens_a_list_from_the_lists_page(client, secretariat):
    session = SessionFactory(title="General discussion", kind="general_discussion")
    workshop = session.workshop
    client.force_login(secretariat)
    args = [workshop.idm_year.year, workshop.slug]
    page = client.get(reverse("workshops:speakers_lists", args=args)).content.decode()
    assert "Open a list of speakers" in page
    response = client.post(reverse("workshops:speakers_open", args=[*args, session.pk]))
    assert response["Location"] == reverse("workshops:speakers_chair", args=[*args, session.pk])
    assert SpeakersList.objects.get().session == session


def _queue_of(discussion, count):
    FloorRequest.objects.filter(speakers_list=discussion).delete()
    organizations = Organization.objects.bulk_create(
        Organization(name=f"Delegation {discussion.pk}-{count}-{n}", kind="ngo")
        for n in range(count)
    )
    FloorRequest.objects.bulk_create(
        FloorRequest(speakers_list=discussion, organization=organization, position=n)
        for n, organization in enumerate(organizations, start=1)
    )
    first = FloorRequest.objects.filter(speakers_list=discussion).order_by("position").first()
    FloorRequest.objects.filter(pk=first.pk).update(
        status="speaking", floor_given_at=dt.datetime.now(dt.UTC)
    )


@pytest.mark.parametrize(
    ("name", "role", "expected"),
    [
        ("speakers_chair", "secretariat", 9),
        ("speakers_chair_room", "secretariat", 7),
        ("speakers_projector", "secretariat", 7),
        ("speakers_projector_room", "secretariat", 7),
        ("floor", "focal_point", 8),
        ("floor_status", "focal_point", 8),
    ],
)
def test_speakers_list_pages_make_the_same_queries_for_3_and_80_requests(
    client, discussion, secretariat, focal_point, name, role, expected
):
    session = discussion.session
    client.force_login(secretariat if role == "secretariat" else focal_point)
    url = reverse(
        f"workshops:{name}",
        args=[session.workshop.idm_year.year, session.workshop.slug, session.pk],
    )

    def queries_for(count):
        _queue_of(discussion, count)
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
        assert response.status_code == 200
        assert f"Delegation {discussion.pk}-{count}-0" in response.content.decode()
        return len(context.captured_queries)

    assert queries_for(3) == queries_for(80) == expected


def test_the_chair_changes_the_order_and_refuses_a_speaking_time_over_an_hour(
    client, discussion, secretariat
):
    session = discussion.session
    client.force_login(secretariat)
    url = reverse(
        "workshops:speakers_settings",
        args=[session.workshop.idm_year.year, session.workshop.slug, session.pk],
    )
    response = client.post(
        url, {"order": "request", "speaking_time": "5000", "is_open": "on"}, follow=True
    )
    assert "Ensure this value is less than or equal to 3600." in response.content.decode()
    discussion.refresh_from_db()
    assert (discussion.order, discussion.speaking_time) == ("precedence", 180)
    response = client.post(
        url, {"order": "request", "speaking_time": "120", "is_open": "on"}, follow=True
    )
    assert "The settings of the list were saved." in response.content.decode()
    discussion.refresh_from_db()
    assert (discussion.order, discussion.speaking_time) == ("request", 120)

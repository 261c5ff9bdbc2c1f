"""Delegations through the API (scope delegations:read): what the Secretariat's Delegations
tab shows, in a constant number of queries; refused to a token whose owner has left the
Secretariat."""

import pytest

from idm_portal.core.models import Organization
from tests.factories import MemberStateFactory, UserFactory, WorkshopFactory
from workshops.models import Registration


def _delegate(workshop, state, name, *, head=False, status=Registration.Status.CONFIRMED):
    person = UserFactory()
    return Registration.objects.create(
        workshop=workshop,
        person=person,
        organization=state,
        category=Organization.Kind.GOVERNMENT,
        badge_name=name,
        title="H.E.",
        position="Ambassador",
        email=person.email,
        status=status,
        is_head_of_delegation=head,
    )


@pytest.fixture
def delegations_world(db):
    workshop = WorkshopFactory(quota_per_delegation=3)
    switzerland = MemberStateFactory(country="CH", name="Switzerland")
    mexico = MemberStateFactory(country="MX", name="Mexico")
    MemberStateFactory(country="PH", name="Philippines")
    people = {
        "zoe": _delegate(workshop, switzerland, "Zoe Zurbriggen"),
        "anna": _delegate(workshop, switzerland, "Anna Amsler"),
        "head": _delegate(workshop, switzerland, "Martin Head", head=True),
        "gone": _delegate(workshop, switzerland, "Gone", status=Registration.Status.CANCELLED),
        "mx": _delegate(workshop, mexico, "Maria Mendez", status=Registration.Status.PENDING),
    }
    return workshop, switzerland, people


def test_the_overview_lists_each_delegation_head_first_and_the_states_not_registered(
    api, make_token, delegations_world
):
    workshop, switzerland, people = delegations_world
    client = api(make_token("delegations:read")[1])
    body = client.get(f"/api/v1/workshops/{workshop.pk}/delegations/").json()
    assert body["workshop"] == workshop.pk
    assert body["quota_per_delegation"] == 3
    assert [d["member_state"]["name"] for d in body["delegations"]] == ["Mexico", "Switzerland"]
    swiss = body["delegations"][1]
    assert swiss["member_state"] == {
        "id": switzerland.pk,
        "name": "Switzerland",
        "acronym": "",
        "country": "CH",
        "iom_status": "member_state",
    }
    assert (swiss["count"], swiss["quota"], swiss["room_left"]) == (3, 3, 0)
    assert swiss["head"] == people["head"].pk
    assert [m["badge_name"] for m in swiss["members"]] == [
        "Martin Head",
        "Anna Amsler",
        "Zoe Zurbriggen",
    ]  # the cancelled one is not in it
    assert swiss["members"][0]["is_head_of_delegation"] is True
    assert swiss["members"][0]["email"] == people["head"].email
    mexico = body["delegations"][0]
    assert (mexico["head"], mexico["room_left"]) == (None, 2)
    assert mexico["members"][0]["status"] == "pending"
    assert [s["name"] for s in body["not_registered"]] == ["Philippines"]


def test_one_member_state_delegation_and_a_state_with_none(api, make_token, delegations_world):
    workshop, switzerland, people = delegations_world
    client = api(make_token("delegations:read")[1])
    swiss = client.get(f"/api/v1/workshops/{workshop.pk}/delegations/{switzerland.pk}/").json()
    assert [m["id"] for m in swiss["members"]] == [
        people["head"].pk,
        people["anna"].pk,
        people["zoe"].pk,
    ]
    philippines = Organization.objects.get(country="PH")
    empty = client.get(f"/api/v1/workshops/{workshop.pk}/delegations/{philippines.pk}/").json()
    assert (empty["count"], empty["head"], empty["members"], empty["room_left"]) == (
        0,
        None,
        [],
        3,
    )
    ngo = Organization.objects.create(name="An NGO", kind=Organization.Kind.NGO)
    assert client.get(f"/api/v1/workshops/{workshop.pk}/delegations/{ngo.pk}/").status_code == 404


def test_a_token_whose_owner_left_the_secretariat_reads_no_delegation(
    api, make_token, delegations_world, secretariat
):
    workshop, _switzerland, _people = delegations_world
    secret = make_token("delegations:read")[1]
    secretariat.groups.clear()
    secretariat.is_staff = False
    secretariat.is_superuser = False
    secretariat.save()
    response = api(secret).get(f"/api/v1/workshops/{workshop.pk}/delegations/")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"


COUNTRIES = ["CH", "MX", "PH", "MA", "SN", "KE", "GH", "EG", "NP", "FR"]
COUNTRIES += ["ES", "IT", "DE", "PT", "BR", "AR", "CL", "PE", "CO", "EC"]


@pytest.mark.parametrize("states", [2, 20])
def test_the_overview_query_count_does_not_grow(api, make_token, django_assert_num_queries, states):
    workshop = WorkshopFactory()
    for number, country in enumerate(COUNTRIES[:states]):
        state = MemberStateFactory(country=country, name=f"State {number}")
        _delegate(workshop, state, f"Head {number}", head=True)
        _delegate(workshop, state, f"Member {number}")
    client = api(make_token("delegations:read")[1])
    url = f"/api/v1/workshops/{workshop.pk}/delegations/"
    client.get(url)  # the token's last use is written at most once a minute
    # The token and its owner, the owner's roles, the workshop; the member states and
    # their delegations (the service's two queries).
    with django_assert_num_queries(5):
        body = client.get(url).json()
    assert sum(d["count"] for d in body["delegations"]) == 2 * states

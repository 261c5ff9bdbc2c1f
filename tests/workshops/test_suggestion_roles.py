"""Who sees and does what with suggestions: every page and action, for each role. A page a
role may not see answers 403 (or redirects to the log-in page); another member state's
suggestion answers 404, as if it did not exist."""

import pytest
from django.urls import reverse

from tests.factories import MemberStateFactory, SuggestionFactory, WorkshopFactory
from tests.roles import (
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
from workshops.models import Suggestion, SuggestionEvent


@pytest.fixture
def world(db, delegate, focal_point, secretariat):
    workshop = WorkshopFactory(slug="trafficking")
    switzerland = focal_point.focal_points.get().member_state
    mexico = MemberStateFactory(country="MX", name="Mexico")
    return {
        "users": {
            "anonymous": None,
            "delegate": delegate,
            "focal_point": focal_point,
            "secretariat": secretariat,
        },
        "workshop": workshop,
        "switzerland": switzerland,
        "ours": SuggestionFactory(workshop=workshop, member_state=switzerland, title="Ours"),
        "accepted": SuggestionFactory(
            workshop=workshop, member_state=switzerland, title="Accepted", status="accepted"
        ),
        "theirs": SuggestionFactory(workshop=workshop, member_state=mexico, title="Theirs"),
    }


def workshop_url(name, world):
    workshop = world["workshop"]
    return reverse(f"workshops:{name}", args=[workshop.idm_year.year, workshop.slug])


def suggestion_url(name, world, which):
    return reverse(f"workshops:{name}", args=[world[which].pk])


# page: (anonymous, delegate, focal point, secretariat)
GET_TABLE = {
    "suggest form": (LOGIN, FORBIDDEN, OK, FORBIDDEN),
    "my suggestions": (LOGIN, FORBIDDEN, OK, FORBIDDEN),
    "a suggestion of the focal point's member state": (LOGIN, FORBIDDEN, OK, OK),
    "a suggestion of another member state": (LOGIN, FORBIDDEN, NOT_FOUND, OK),
    "suggestions of a workshop": (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "suggestions as CSV": (LOGIN, FORBIDDEN, FORBIDDEN, OK),
}


def get_url_of(page, world):
    return {
        "suggest form": workshop_url("suggest", world),
        "my suggestions": reverse("workshops:my_suggestions"),
        "a suggestion of the focal point's member state": suggestion_url(
            "suggestion", world, "ours"
        ),
        "a suggestion of another member state": suggestion_url("suggestion", world, "theirs"),
        "suggestions of a workshop": workshop_url("suggestions", world),
        "suggestions as CSV": workshop_url("suggestions_csv", world),
    }[page]


# State changes, by POST with valid data: (anonymous, delegate, focal point, secretariat)
POST_TABLE = {
    "suggest": (LOGIN, FORBIDDEN, DONE, FORBIDDEN),
    "comment": (LOGIN, FORBIDDEN, DONE, DONE),
    "comment on another member state's suggestion": (LOGIN, FORBIDDEN, NOT_FOUND, DONE),
    "withdraw": (LOGIN, FORBIDDEN, DONE, FORBIDDEN),
    "withdraw another member state's suggestion": (LOGIN, FORBIDDEN, NOT_FOUND, FORBIDDEN),
    "accept": (LOGIN, FORBIDDEN, FORBIDDEN, DONE),
    "decline": (LOGIN, FORBIDDEN, FORBIDDEN, DONE),
    "add to the speakers": (LOGIN, FORBIDDEN, FORBIDDEN, DONE),
}


def post_of(action, world):
    """(url, data) of an action."""
    return {
        "suggest": (
            workshop_url("suggest", world),
            {
                "member_state": world["switzerland"].pk,
                "kind": "case_study",
                "title": "Labour inspection",
                "description": "How it works.",
            },
        ),
        "comment": (suggestion_url("suggestion_comment", world, "ours"), {"text": "A question"}),
        "comment on another member state's suggestion": (
            suggestion_url("suggestion_comment", world, "theirs"),
            {"text": "A question"},
        ),
        "withdraw": (suggestion_url("suggestion_withdraw", world, "ours"), {}),
        "withdraw another member state's suggestion": (
            suggestion_url("suggestion_withdraw", world, "theirs"),
            {},
        ),
        "accept": (suggestion_url("suggestion_accept", world, "ours"), {"reason": ""}),
        "decline": (suggestion_url("suggestion_decline", world, "ours"), {"reason": "No room"}),
        "add to the speakers": (suggestion_url("suggestion_add_speaker", world, "accepted"), {}),
    }[action]


def rows():
    return (
        list(Suggestion.objects.order_by("pk").values()),
        list(SuggestionEvent.objects.order_by("pk").values()),
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", GET_TABLE)
def test_each_role_sees_only_its_suggestion_pages(client, world, page, role):
    check_role(client, world, role, GET_TABLE, page, get_url_of(page, world))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", POST_TABLE)
def test_each_role_may_act_on_suggestions_only_as_it_may(client, world, action, role):
    url, data = post_of(action, world)
    expected = POST_TABLE[action][ROLES.index(role)]
    before = rows()
    check(client_for(client, world, role).post(url, data), expected, url)
    if expected == DONE:
        assert rows() != before, f"{action} by {role} changed nothing"
    else:
        assert rows() == before, f"{action} by {role} changed something"

"""Who sees what in the theme consultations: every page and action, for each role."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations.models import ThemeSuggestion
from idm_portal.core.models import Organization
from tests.factories import ThemeProposalFactory, VotingRoundFactory
from tests.roles import (
    ANSWERED,
    DONE,
    FORBIDDEN,
    LOGIN,
    NOT_FOUND,
    OK,
    REFUSED,
    ROLES,
    check,
    check_role,
)


@pytest.fixture
def world(db, delegate, focal_point, secretariat):
    south = ThemeProposalFactory(title="South-South Migration")
    social = ThemeProposalFactory(title="Migration and Social Change")
    draft = ThemeProposalFactory(title="A draft", status="draft")
    open_round = VotingRoundFactory(proposals=[south, social])
    now = timezone.now()
    closed_round = VotingRoundFactory(
        proposals=[south, social],
        opens_at=now - dt.timedelta(days=10),
        closes_at=now - dt.timedelta(days=1),
    )
    switzerland = Organization.objects.get(country="CH", kind="government")
    suggestions = [
        ThemeSuggestion.objects.create(
            target_year=2010,
            member_state=switzerland,
            author=focal_point,
            title=title,
            rationale="Because.",
        )
        for title in ("Migration and Health", "Health and Migration")
    ]
    return {
        "users": {
            "anonymous": None,
            "delegate": delegate,
            "focal_point": focal_point,
            "secretariat": secretariat,
        },
        "proposal": south,
        "draft": draft,
        "open": open_round,
        "closed": closed_round,
        "suggestions": suggestions,
    }


def url_of(name, world):
    open_pk, closed_pk = world["open"].pk, world["closed"].pk
    return {
        "theme consultations": reverse("consultations:index"),
        "proposal": reverse("consultations:proposal", args=[world["proposal"].pk]),
        "draft proposal": reverse("consultations:proposal", args=[world["draft"].pk]),
        "new proposal form": reverse("consultations:proposal_new"),
        "edit proposal form": reverse("consultations:proposal_edit", args=[world["proposal"].pk]),
        "suggest a theme": reverse("consultations:suggest"),
        "suggestions": reverse("consultations:suggestions"),
        "new round form": reverse("consultations:round_new"),
        "open round": reverse("consultations:round", args=[open_pk]),
        "change a round form": reverse("consultations:round_edit", args=[open_pk]),
        "ballot": reverse("consultations:ballot", args=[open_pk]),
        "record a ballot": reverse("consultations:record_ballot", args=[open_pk]),
        "sealed result": reverse("consultations:results", args=[open_pk]),
        "result": reverse("consultations:results", args=[closed_pk]),
        "result CSV": reverse("consultations:results_csv", args=[closed_pk]),
        "sealed result CSV": reverse("consultations:results_csv", args=[open_pk]),
        "audit trail": reverse("consultations:audit", args=[open_pk]),
    }[name]


# page: (anonymous, delegate, focal point, secretariat)
GET_TABLE = {
    "theme consultations": (OK, OK, OK, OK),
    "proposal": (OK, OK, OK, OK),
    # A draft is not shown to be there at all.
    "draft proposal": (NOT_FOUND, NOT_FOUND, NOT_FOUND, OK),
    "new proposal form": (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "edit proposal form": (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "suggest a theme": (LOGIN, FORBIDDEN, OK, FORBIDDEN),
    "suggestions": (LOGIN, FORBIDDEN, OK, OK),
    "new round form": (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "open round": (OK, OK, OK, OK),
    "change a round form": (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "ballot": (LOGIN, FORBIDDEN, OK, FORBIDDEN),
    "record a ballot": (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    # Before the close the result page only says that it is sealed (tested for its words).
    "sealed result": (OK, OK, OK, OK),
    "result": (OK, OK, OK, OK),
    "result CSV": (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "sealed result CSV": (LOGIN, FORBIDDEN, FORBIDDEN, NOT_FOUND),
    "audit trail": (LOGIN, FORBIDDEN, FORBIDDEN, OK),
}


def post_url_of(name, world):
    first, second = world["suggestions"]
    return {
        "propose a theme": reverse("consultations:proposal_new"),
        "edit a proposal": reverse("consultations:proposal_edit", args=[world["proposal"].pk]),
        "change a proposal's status": reverse(
            "consultations:proposal_status", args=[world["proposal"].pk]
        ),
        "suggest a theme": reverse("consultations:suggest"),
        "merge a suggestion": reverse("consultations:suggestion_merge", args=[second.pk]),
        "put a suggestion on the ballot": reverse(
            "consultations:suggestion_to_ballot", args=[first.pk]
        ),
        "schedule a round": reverse("consultations:round_new"),
        "change a round": reverse("consultations:round_edit", args=[world["open"].pk]),
        "vote": reverse("consultations:ballot", args=[world["open"].pk]),
        "record a ballot": reverse("consultations:record_ballot", args=[world["open"].pk]),
        "adopt the winner": reverse("consultations:adopt", args=[world["closed"].pk]),
        "close a round now": reverse("consultations:close_now", args=[world["open"].pk]),
    }[name]


# An empty POST: forms answer with their errors (ANSWERED), a status change without a status
# is refused (REFUSED), merge and "put on the ballot" redirect with a message (DONE), adopt
# without a proposal is not found.
POST_TABLE = {
    "propose a theme": (LOGIN, FORBIDDEN, FORBIDDEN, ANSWERED),
    "edit a proposal": (LOGIN, FORBIDDEN, FORBIDDEN, ANSWERED),
    "change a proposal's status": (LOGIN, FORBIDDEN, FORBIDDEN, REFUSED),
    "suggest a theme": (LOGIN, FORBIDDEN, ANSWERED, FORBIDDEN),
    "merge a suggestion": (LOGIN, FORBIDDEN, FORBIDDEN, DONE),
    "put a suggestion on the ballot": (LOGIN, FORBIDDEN, FORBIDDEN, DONE),
    "schedule a round": (LOGIN, FORBIDDEN, FORBIDDEN, ANSWERED),
    "change a round": (LOGIN, FORBIDDEN, FORBIDDEN, ANSWERED),
    "vote": (LOGIN, FORBIDDEN, ANSWERED, FORBIDDEN),
    "record a ballot": (LOGIN, FORBIDDEN, FORBIDDEN, ANSWERED),
    "adopt the winner": (LOGIN, FORBIDDEN, FORBIDDEN, NOT_FOUND),
    "close a round now": (LOGIN, FORBIDDEN, FORBIDDEN, DONE),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", GET_TABLE)
def test_each_role_sees_only_its_consultation_pages(client, world, page, role):
    check_role(client, world, role, GET_TABLE, page, url_of(page, world))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", POST_TABLE)
def test_each_role_may_take_only_its_consultation_actions(client, world, action, role):
    check_role(client, world, role, POST_TABLE, action, post_url_of(action, world), method="post")


def test_an_observer_states_focal_point_cannot_open_the_ballot(client, world):
    from tests.factories import FocalPointFactory, OrganizationFactory

    observer = FocalPointFactory(
        member_state=OrganizationFactory(
            name="Holy See", kind="government", country="VA", iom_status="observer_state"
        )
    )
    client.force_login(observer.user)
    url = reverse("consultations:ballot", args=[world["open"].pk])
    check(client.get(url), FORBIDDEN, url)
    check(client.post(url, {"choice": str(world["proposal"].pk)}), FORBIDDEN, url)

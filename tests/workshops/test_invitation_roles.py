"""Who reaches the invitation pages: the Secretariat only; the answer link is the
invitee's (its token is the credential), accepting asks to sign in."""

import pytest
from django.urls import reverse

from tests.factories import InvitationFactory, WorkshopFactory
from tests.roles import (
    ANSWERED,
    DONE,
    FORBIDDEN,
    LOGIN,
    OK,
    ROLES,
    check_role,
    client_for,
)
from workshops.models import Invitation


@pytest.fixture
def world(db, delegate, focal_point, secretariat):
    workshop = WorkshopFactory(slug="invited", is_published=True)
    invitation = InvitationFactory(workshop=workshop)
    return {
        "users": {
            "anonymous": None,
            "delegate": delegate,
            "focal_point": focal_point,
            "secretariat": secretariat,
        },
        "workshop": workshop,
        "invitation": invitation,
    }


def url_of(name, world):
    workshop, invitation = world["workshop"], world["invitation"]
    args = [workshop.idm_year.year, workshop.slug]
    return {
        "invitations": reverse("workshops:invitations", args=args),
        "invitations: progress": reverse("workshops:invitations_progress", args=args),
        "invitations: add recipients": reverse("workshops:invitations_add", args=args),
        "invitations: message in French": reverse(
            "workshops:invitation_message", args=[*args, "fr"]
        ),
        "invitations: CSV export": reverse("workshops:invitations_csv", args=args),
        "invitations: one recipient's history": reverse(
            "workshops:invitation_detail", args=[*args, invitation.pk]
        ),
        "invitations: send": reverse("workshops:invitations_send", args=args),
        "invitations: resend failed": reverse("workshops:invitations_resend_failed", args=args),
        "invitations: resend one": reverse(
            "workshops:invitation_resend", args=[*args, invitation.pk]
        ),
        "answer link": invitation.get_answer_url(),
        "answer link: accept": reverse(
            "workshops:invitation_accept", args=[*args, invitation.token]
        ),
        "answer link: decline": reverse(
            "workshops:invitation_decline", args=[*args, invitation.token]
        ),
        "invitations: link an account": reverse(
            "workshops:invitation_link_account", args=[*args, invitation.pk]
        ),
    }[name]


# page: (anonymous, delegate, focal point, secretariat)
GET_TABLE = {
    "invitations": (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "invitations: progress": (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "invitations: add recipients": (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "invitations: message in French": (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "invitations: CSV export": (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "invitations: one recipient's history": (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "answer link": (OK, OK, OK, OK),
    # Opening a link answers nothing: the choice with its button (or, for an account that
    # is not the invitee's, why it may not accept).
    "answer link: accept": (LOGIN, OK, OK, OK),
    "answer link: decline": (OK, OK, OK, OK),
}

# State changes, by POST: (anonymous, delegate, focal point, secretariat)
POST_TABLE = {
    # An empty POST shows the page again with its forms.
    "invitations: add recipients": (LOGIN, FORBIDDEN, FORBIDDEN, ANSWERED),
    "invitations: message in French": (LOGIN, FORBIDDEN, FORBIDDEN, ANSWERED),
    "invitations: send": (LOGIN, FORBIDDEN, FORBIDDEN, DONE),
    "invitations: resend failed": (LOGIN, FORBIDDEN, FORBIDDEN, DONE),
    "invitations: resend one": (LOGIN, FORBIDDEN, FORBIDDEN, DONE),
    # The token is the credential: no account needed to decline.
    "answer link: decline": (ANSWERED, ANSWERED, ANSWERED, ANSWERED),
    # Only the invited address's account (or one the Secretariat linked) accepts.
    "answer link: accept": (LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "invitations: link an account": (LOGIN, FORBIDDEN, FORBIDDEN, DONE),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", GET_TABLE)
def test_each_role_sees_only_its_invitation_pages(client, world, page, role):
    check_role(client, world, role, GET_TABLE, page, url_of(page, world))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", POST_TABLE)
def test_each_role_may_change_only_the_invitations_it_may(client, world, action, role):
    check_role(client, world, role, POST_TABLE, action, url_of(action, world), method="post")


@pytest.mark.parametrize("role", ["anonymous", "delegate", "focal_point"])
@pytest.mark.parametrize(
    "action", ["invitations: send", "invitations: add recipients", "invitations: message in French"]
)
def test_invitation_actions_change_nothing_for_others(client, world, action, role):
    before = list(Invitation.objects.values())
    client_for(client, world, role).post(
        url_of(action, world),
        {
            "when": "now",
            "source": "address",
            "one-email": "x@example.org",
            "one-language": "en",
            "action": "save",
            "subject": "S",
            "body": "{answer_link}",
        },
    )
    assert list(Invitation.objects.values()) == before
    assert not world["workshop"].invitation_messages.exists()

"""Who sees and does what in the day in the room: statements (an unpublished one is the
Secretariat's and its delegation's: 404 to anyone else), the lists of speakers (the chair's
and projector's views are the Secretariat's; any signed-in person opens a delegate's page,
and asking works for those who speak for a delegation) and turnout (the Secretariat's)."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import (
    MemberStateFactory,
    OrganizationFactory,
    SessionFactory,
    VotingRoundFactory,
    WorkshopFactory,
)
from tests.roles import (
    ANSWERED,
    DONE,
    FORBIDDEN,
    LOGIN,
    NOT_FOUND,
    OK,
    ROLES,
    check_role,
)
from tests.workshops.room_fixtures import pdf_upload
from workshops.models import Statement
from workshops.services import speakers_list, statements


@pytest.fixture
def world(db, delegate, focal_point, secretariat, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    workshop = WorkshopFactory(
        slug="trafficking",
        status="confirmed",
        start_date=dt.date(2009, 7, 9),
        end_date=dt.date(2009, 7, 10),
    )
    session = SessionFactory(workshop=workshop, title="General discussion")
    switzerland = focal_point.focal_points.get().member_state
    unpublished = statements.upload_statement(
        session,
        actor=focal_point,
        member_state=switzerland,
        uploaded_file=pdf_upload(),
        language="en",
        check_against_delivery=True,
    )
    published = statements.upload_statement(
        session,
        actor=focal_point,
        member_state=switzerland,
        uploaded_file=pdf_upload(),
        language="fr",
        check_against_delivery=False,
    )
    statements.publish_statements(Statement.objects.filter(pk=published.pk), actor=secretariat)
    the_list = speakers_list.open_speakers_list(session, actor=secretariat)
    entry = speakers_list.ask_for_floor(
        the_list, actor=secretariat, organization=OrganizationFactory(name="UNHCR")
    )
    return {
        "users": {
            "anonymous": None,
            "delegate": delegate,
            "focal_point": focal_point,
            "secretariat": secretariat,
        },
        "workshop": workshop,
        "session": session,
        "unpublished": unpublished,
        "published": published,
        "entry": entry,
        "round": VotingRoundFactory(target_year=2010),
        "mexico": MemberStateFactory(country="MX", name="Mexico"),
    }


def room_url(name, world, *more):
    workshop = world["workshop"]
    return reverse(f"workshops:{name}", args=[2009, workshop.slug, *more])


def url_of(name, world):
    session = world["session"].pk
    return {
        "unpublished statement": reverse("workshops:statement", args=[world["unpublished"].pk]),
        "published statement": reverse("workshops:statement", args=[world["published"].pk]),
        "statements of a workshop": room_url("statements", world),
        "statements of my delegation": room_url("statement_upload", world),
        "lists of speakers": room_url("speakers_lists", world),
        "chair's view": room_url("speakers_chair", world, session),
        "chair's queue (htmx)": room_url("speakers_chair_room", world, session),
        "projector view": room_url("speakers_projector", world, session),
        "projector (htmx)": room_url("speakers_projector_room", world, session),
        "ask for the floor page": room_url("floor", world, session),
        "my place on the list (htmx)": room_url("floor_status", world, session),
        "turnout index": reverse("turnout_index"),
        "turnout of the membership": reverse("turnout", args=[2009]),
        "turnout as CSV": reverse("turnout_csv", args=[2009]),
    }[name]


# page: (anonymous, delegate, focal point, secretariat)
GET_TABLE = {
    "unpublished statement": (NOT_FOUND, NOT_FOUND, OK, OK),
    "published statement": (OK, OK, OK, OK),
    "statements of a workshop": (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "statements of my delegation": (LOGIN, FORBIDDEN, OK, FORBIDDEN),
    "lists of speakers": (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "chair's view": (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "chair's queue (htmx)": (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "projector view": (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "projector (htmx)": (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    # A delegate without a delegation sees the page, which says so.
    "ask for the floor page": (LOGIN, OK, OK, OK),
    "my place on the list (htmx)": (LOGIN, OK, OK, OK),
    "turnout index": (LOGIN, FORBIDDEN, FORBIDDEN, "redirect"),
    "turnout of the membership": (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "turnout as CSV": (LOGIN, FORBIDDEN, FORBIDDEN, OK),
}

POST_TABLE = {
    "publish statements": (LOGIN, FORBIDDEN, FORBIDDEN, DONE),
    "unpublish a statement": (LOGIN, FORBIDDEN, FORBIDDEN, DONE),
    # The Secretariat does not upload for a delegation; the focal point sees its form again.
    "upload a statement": (LOGIN, FORBIDDEN, ANSWERED, FORBIDDEN),
    "open a list of speakers": (LOGIN, FORBIDDEN, FORBIDDEN, DONE),
    "change the list's settings": (LOGIN, FORBIDDEN, FORBIDDEN, DONE),
    "add a delegation": (LOGIN, FORBIDDEN, FORBIDDEN, DONE),
    "give the floor": (LOGIN, FORBIDDEN, FORBIDDEN, DONE),
    "move a request": (LOGIN, FORBIDDEN, FORBIDDEN, DONE),
    "remove a request": (LOGIN, FORBIDDEN, FORBIDDEN, DONE),
    "end a turn": (LOGIN, FORBIDDEN, FORBIDDEN, DONE),
    # A delegate without a delegation may not ask; the Secretariat chairs, it does not ask.
    "ask for the floor": (LOGIN, FORBIDDEN, DONE, FORBIDDEN),
    "withdraw my request": (LOGIN, DONE, DONE, DONE),
    "remind member states of a workshop": (LOGIN, FORBIDDEN, FORBIDDEN, DONE),
    "remind member states of a round": (LOGIN, FORBIDDEN, FORBIDDEN, DONE),
}


def post_url_of(name, world):
    session = world["session"].pk
    entry = world["entry"].pk
    return {
        "publish statements": room_url("statements_publish", world),
        "unpublish a statement": reverse(
            "workshops:statement_unpublish", args=[world["published"].pk]
        ),
        "upload a statement": room_url("statement_upload", world),
        "open a list of speakers": room_url("speakers_open", world, session),
        "change the list's settings": room_url("speakers_settings", world, session),
        "add a delegation": room_url("speakers_add", world, session),
        "give the floor": room_url("speakers_give_floor", world, session, entry),
        "move a request": room_url("speakers_move", world, session, entry),
        "remove a request": room_url("speakers_remove", world, session, entry),
        "end a turn": room_url("speakers_finish", world, session),
        "ask for the floor": room_url("floor_ask", world, session),
        "withdraw my request": room_url("floor_withdraw", world, session),
        "remind member states of a workshop": reverse(
            "turnout_remind_workshop", args=[world["workshop"].pk]
        ),
        "remind member states of a round": reverse(
            "turnout_remind_round", args=[world["round"].pk]
        ),
    }[name]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", GET_TABLE)
def test_each_role_sees_only_its_room_pages(client, world, page, role):
    check_role(client, world, role, GET_TABLE, page, url_of(page, world))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", POST_TABLE)
def test_each_role_may_change_only_what_it_may_in_the_room(client, world, action, role):
    check_role(client, world, role, POST_TABLE, action, post_url_of(action, world), method="post")


def test_a_focal_point_of_another_state_cannot_open_an_unpublished_statement(client, world):
    from tests.factories import FocalPointFactory

    client.force_login(FocalPointFactory(member_state=world["mexico"]).user)
    assert client.get(url_of("unpublished statement", world)).status_code == 404
    assert client.get(url_of("published statement", world)).status_code == 200


def test_a_delegate_without_delegation_is_told_so(client, world):
    client.force_login(world["users"]["delegate"])
    page = client.get(url_of("ask for the floor page", world)).content.decode()
    assert "You speak for no delegation at this workshop" in page

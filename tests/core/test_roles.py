"""Who sees what: every URL that exists so far, for each role (a table; each new issue adds
its URLs). A page a role may not see answers 403, or redirects to the log-in page."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from idm_portal.core import roles
from idm_portal.core.models import OutgoingMail
from idm_portal.core.services import outbox
from tests.factories import WorkshopFactory
from tests.roles import (
    ADMIN_LOGIN,
    ANSWERED,
    BEING_MADE,
    DONE,
    FORBIDDEN,
    LOGIN,
    NOT_FOUND,
    OK,
    REFUSED,
    ROLES,
    check_role,
)
from workshops.models import AgendaRelease, Document, Session, SessionSpeaker, Speaker


@pytest.fixture
def world(db, delegate, focal_point, secretariat, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    published = WorkshopFactory(slug="published", is_published=True)
    draft = WorkshopFactory(slug="draft", is_published=False)
    session = Session.objects.create(
        workshop=published,
        date=published.start_date,
        start_time=dt.time(10),
        end_time=dt.time(11),
        title="Panel I",
    )
    part = SessionSpeaker.objects.create(
        session=session, speaker=Speaker.objects.create(name="Maria Lopez")
    )
    document = Document.objects.create(
        workshop=published,
        session=session,
        kind="background_paper",
        title="Background paper",
        file=ContentFile(b"%PDF-1.4 test", name="paper.pdf"),
        file_type="pdf",
        size=13,
    )
    mail = outbox.queue_mail(
        to="someone@example.org", template="core/email/test", context={"name": "X"}
    )
    OutgoingMail.objects.filter(pk=mail.pk).update(status=OutgoingMail.Status.FAILED)
    return {
        "users": {
            "anonymous": None,
            "delegate": delegate,
            "focal_point": focal_point,
            "secretariat": secretariat,
        },
        "published": published,
        "draft": draft,
        "mail": mail,
        "session": session,
        "part": part,
        "document": document,
    }


def editor_url(name, world, *args):
    workshop = world["published"]
    return reverse(f"workshops:{name}", args=[workshop.idm_year.year, workshop.slug, *args])


def url_of(name, world):
    year = world["published"].idm_year.year
    session = world["session"].pk
    return {
        "home": reverse("home"),
        "workshop index": reverse("workshops:index"),
        "workshops of the year": reverse("workshops:list", args=[year]),
        "published workshop": world["published"].get_absolute_url(),
        "draft workshop": world["draft"].get_absolute_url(),
        "outbox": reverse("core:outbox"),
        "outbox mail": reverse("core:outbox_detail", args=[world["mail"].pk]),
        "outbox health": reverse("core:outbox_health"),
        "profile": reverse("core:profile"),
        "my member state": reverse("core:member_states"),
        "e-mail addresses": reverse("account_email"),
        "change password": reverse("account_change_password"),
        "my personal data": reverse("core:personal_data"),
        "my personal data as JSON": reverse("core:personal_data_download"),
        "close my account": reverse("core:close_account"),
        "admin": reverse("admin:index"),
        "admin outbox": reverse("admin:core_outgoingmail_changelist"),
        "admin organizations": reverse("admin:core_organization_changelist"),
        "admin workshops": reverse("admin:workshops_workshop_changelist"),
        "admin meetings": reverse("admin:consultations_meeting_changelist"),
        "sitemap": reverse("sitemap"),
        "sign in": reverse("account_login"),
        "sign up": reverse("account_signup"),
        "agenda editor": editor_url("editor", world),
        "editor: new session form": editor_url("editor_session_new", world) + "?date=2009-03-25",
        "editor: session form": editor_url("editor_session_edit", world, session),
        "editor: speakers of a session": editor_url("editor_session_speakers", world, session),
        "editor: speaker search": editor_url("editor_speaker_search", world)
        + f"?session={session}&q=maria",
        "public document": reverse("workshops:document", args=[world["document"].pk]),
        "registrations of a workshop": editor_url("registrations", world),
        "registrations as CSV": editor_url("registrations_csv", world),
        "registrations as XLSX": editor_url("registrations_xlsx", world),
        "list of participants PDF": editor_url("participants_pdf", world),
        "check-in": editor_url("check_in", world),
        "attendance statistics": editor_url("statistics", world),
        "visa support letters": reverse("workshops:visa_letters"),
        "manage: workshops of the year": reverse("workshops:manage_list", args=[year]),
        "manage: new workshop": reverse("workshops:manage_new", args=[year]),
        "manage: a workshop": editor_url("manage", world),
        "manage: status": editor_url("manage_status", world),
        "manage: capacity and quotas": editor_url("manage_capacity", world),
        # Accounts
        "secretariat roles": reverse("core:roles"),
        "secretariat roles as CSV": reverse("core:roles_csv"),
        "two-factor authentication": reverse("mfa_index"),
        # The day in the room (more rows in tests/workshops/test_room_roles.py)
        "statements of a workshop": editor_url("statements", world),
        "statements of my delegation": editor_url("statement_upload", world),
        "lists of speakers": editor_url("speakers_lists", world),
        "turnout of the membership": reverse("turnout", args=[year]),
        "turnout as CSV": reverse("turnout_csv", args=[year]),
        "delegation of my member state": editor_url("delegation", world),
        "delegations of a workshop": editor_url("delegations", world),
        "delegations as CSV": editor_url("delegations_csv", world),
        "name badges": editor_url("badges", world),
        "name badges PDF": editor_url("badges_pdf", world),
        "my calendar feed": reverse("workshops:my_calendar"),
        "API tokens": reverse("core:api_tokens"),
        "webhooks": reverse("core:webhooks"),
    }[name]


# page: (anonymous, delegate, focal point, secretariat)
GET_TABLE = {
    "home": (OK, OK, OK, OK),
    "workshop index": ("redirect", "redirect", "redirect", "redirect"),
    "workshops of the year": (OK, OK, OK, OK),
    "published workshop": (OK, OK, OK, OK),
    # A draft is not shown to be there at all: 404 rather than 403.
    "draft workshop": (NOT_FOUND, NOT_FOUND, NOT_FOUND, OK),
    "outbox": (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "outbox mail": (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "outbox health": (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "API tokens": (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "webhooks": (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "profile": (LOGIN, OK, OK, OK),
    "my member state": (LOGIN, FORBIDDEN, OK, FORBIDDEN),
    "e-mail addresses": (LOGIN, OK, OK, OK),
    "change password": (LOGIN, OK, OK, OK),
    "my personal data": (LOGIN, OK, OK, OK),
    "my personal data as JSON": (LOGIN, OK, OK, OK),
    "close my account": (LOGIN, OK, OK, OK),
    "admin": (ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, OK),
    "admin outbox": (ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, OK),
    "admin organizations": (ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, OK),
    "admin workshops": (ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, OK),
    "admin meetings": (ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, OK),
    "sitemap": (OK, OK, OK, OK),
    "sign in": (OK, "redirect", "redirect", "redirect"),
    "sign up": (OK, "redirect", "redirect", "redirect"),
    "agenda editor": (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "editor: new session form": (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "editor: session form": (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "editor: speakers of a session": (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "editor: speaker search": (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "public document": (OK, OK, OK, OK),
    "registrations of a workshop": (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "registrations as CSV": (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "registrations as XLSX": (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "list of participants PDF": (LOGIN, FORBIDDEN, FORBIDDEN, BEING_MADE),
    "check-in": (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "attendance statistics": (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "visa support letters": (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "manage: workshops of the year": (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "manage: new workshop": (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "manage: a workshop": (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "manage: status": (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "manage: capacity and quotas": (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    # Accounts
    "secretariat roles": (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "secretariat roles as CSV": (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "two-factor authentication": (LOGIN, OK, OK, OK),
    "statements of a workshop": (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "statements of my delegation": (LOGIN, FORBIDDEN, OK, FORBIDDEN),
    "lists of speakers": (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "turnout of the membership": (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "turnout as CSV": (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "delegation of my member state": (LOGIN, FORBIDDEN, OK, FORBIDDEN),
    "delegations of a workshop": (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "delegations as CSV": (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "name badges": (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "name badges PDF": (LOGIN, FORBIDDEN, FORBIDDEN, BEING_MADE),
    "my calendar feed": (LOGIN, OK, OK, OK),
}

# State changes, by POST: (anonymous, delegate, focal point, secretariat)
POST_TABLE = {
    "retry a failed mail": (LOGIN, FORBIDDEN, FORBIDDEN, DONE),
    "retry every failed mail": (LOGIN, FORBIDDEN, FORBIDDEN, DONE),
    "send a test mail": (LOGIN, FORBIDDEN, FORBIDDEN, DONE),
    "create an API token": (LOGIN, FORBIDDEN, FORBIDDEN, REFUSED),
    "add a webhook": (LOGIN, FORBIDDEN, FORBIDDEN, REFUSED),
    "editor: add a session": (LOGIN, FORBIDDEN, FORBIDDEN, ANSWERED),
    "editor: save a session": (LOGIN, FORBIDDEN, FORBIDDEN, ANSWERED),
    "editor: delete a session": (LOGIN, FORBIDDEN, FORBIDDEN, ANSWERED),
    "editor: reorder a day": (LOGIN, FORBIDDEN, FORBIDDEN, REFUSED),
    "editor: give a speaker a role": (LOGIN, FORBIDDEN, FORBIDDEN, ANSWERED),
    "editor: create a speaker": (LOGIN, FORBIDDEN, FORBIDDEN, REFUSED),
    "editor: remove a speaker": (LOGIN, FORBIDDEN, FORBIDDEN, ANSWERED),
    "editor: publish a release": (LOGIN, FORBIDDEN, FORBIDDEN, DONE),
    "editor: upload a document": (LOGIN, FORBIDDEN, FORBIDDEN, DONE),
    "editor: delete a document": (LOGIN, FORBIDDEN, FORBIDDEN, DONE),
    "registrations: bulk action": (LOGIN, FORBIDDEN, FORBIDDEN, DONE),
    "check-in: check a person in": (LOGIN, FORBIDDEN, FORBIDDEN, DONE),
    "visa letters: approve": (LOGIN, FORBIDDEN, FORBIDDEN, DONE),
    # Without the password: the form again with its errors, nothing closed.
    "close my account": (LOGIN, ANSWERED, ANSWERED, ANSWERED),
    # An empty POST: the form pages show their form again (ANSWERED); the registration
    # window saves "no window" and publication "draft" (DONE).
    "manage: create a workshop": (LOGIN, FORBIDDEN, FORBIDDEN, ANSWERED),
    "manage: edit a workshop": (LOGIN, FORBIDDEN, FORBIDDEN, ANSWERED),
    "manage: publish or unpublish": (LOGIN, FORBIDDEN, FORBIDDEN, DONE),
    "manage: change the status": (LOGIN, FORBIDDEN, FORBIDDEN, ANSWERED),
    "manage: change capacity and quotas": (LOGIN, FORBIDDEN, FORBIDDEN, ANSWERED),
    "manage: registration window": (LOGIN, FORBIDDEN, FORBIDDEN, DONE),
    # Accounts: an empty form is refused with its errors (400)
    "grant a role": (LOGIN, FORBIDDEN, FORBIDDEN, REFUSED),
    "revoke a role": (LOGIN, FORBIDDEN, FORBIDDEN, REFUSED),
    # Makes (or resets) one's own feed and shows its address once.
    "my calendar: make a feed address": (LOGIN, ANSWERED, ANSWERED, ANSWERED),
}

EDITOR_ACTIONS = [action for action in POST_TABLE if action.startswith("editor: ")]


def post_url_of(name, world):
    return {
        "retry a failed mail": reverse("core:outbox_retry", args=[world["mail"].pk]),
        "retry every failed mail": reverse("core:outbox_retry_failed"),
        "send a test mail": reverse("core:outbox_send_test"),
        "create an API token": reverse("core:api_tokens"),
        "add a webhook": reverse("core:webhooks"),
        "editor: add a session": editor_url("editor_session_new", world),
        "editor: save a session": editor_url("editor_session_edit", world, world["session"].pk),
        "editor: delete a session": editor_url("editor_session_delete", world, world["session"].pk),
        "editor: reorder a day": editor_url("editor_reorder", world),
        "editor: give a speaker a role": editor_url(
            "editor_session_speakers", world, world["session"].pk
        ),
        "editor: create a speaker": editor_url("editor_speaker_new", world),
        "editor: remove a speaker": editor_url("editor_speaker_remove", world, world["part"].pk),
        "editor: publish a release": editor_url("editor_publish", world),
        "editor: upload a document": editor_url("editor_document_upload", world),
        "editor: delete a document": editor_url(
            "editor_document_delete", world, world["document"].pk
        ),
        "registrations: bulk action": editor_url("registrations_bulk", world),
        "check-in: check a person in": editor_url("check_in", world),
        "visa letters: approve": reverse("workshops:visa_letters_approve"),
        "close my account": reverse("core:close_account"),
        "manage: create a workshop": reverse(
            "workshops:manage_new", args=[world["published"].idm_year.year]
        ),
        "manage: edit a workshop": editor_url("manage", world),
        "manage: publish or unpublish": editor_url("manage_publish", world),
        "manage: change the status": editor_url("manage_status", world),
        "manage: change capacity and quotas": editor_url("manage_capacity", world),
        "manage: registration window": editor_url("manage_registration", world),
        "grant a role": reverse("core:role_grant"),
        "revoke a role": reverse("core:role_revoke"),
        "my calendar: make a feed address": reverse("workshops:my_calendar"),
    }[name]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", GET_TABLE)
def test_each_role_sees_only_its_pages(client, world, page, role):
    check_role(client, world, role, GET_TABLE, page, url_of(page, world))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", POST_TABLE)
def test_each_role_may_change_only_what_it_may(client, world, action, role):
    check_role(client, world, role, POST_TABLE, action, post_url_of(action, world), method="post")


@pytest.mark.parametrize("action", ["retry a failed mail", "send a test mail"])
def test_outbox_actions_do_nothing_for_a_delegate(client, world, action):
    before = list(OutgoingMail.objects.values_list("pk", "status"))
    client.force_login(world["users"]["delegate"])
    client.post(post_url_of(action, world))
    assert list(OutgoingMail.objects.values_list("pk", "status")) == before


def agenda_rows():
    return [
        list(model.objects.order_by("pk").values())
        for model in (Session, SessionSpeaker, Speaker, AgendaRelease, Document)
    ]


@pytest.mark.parametrize("role", ["delegate", "focal_point"])
@pytest.mark.parametrize("action", EDITOR_ACTIONS)
def test_editor_actions_change_nothing_for_a_delegate_or_a_focal_point(client, world, action, role):
    before = agenda_rows()
    client.force_login(world["users"][role])
    client.post(
        post_url_of(action, world),
        {"date": "2009-03-25", "start_time": "09:00", "end_time": "10:00", "title": "X"},
        headers={"HX-Request": "true"},
    )
    assert agenda_rows() == before


def test_role_checks_answer_by_role(world):
    users = world["users"]
    assert [roles.is_secretariat(users[r]) for r in ROLES[1:]] == [False, False, True]
    assert [roles.is_focal_point(users[r]) for r in ROLES[1:]] == [False, True, False]
    assert [roles.is_delegate(users[r]) for r in ROLES[1:]] == [True, True, True]
    assert [state.name for state in roles.member_states_of(users["focal_point"])] == ["Switzerland"]


def test_an_unverified_user_is_not_a_delegate(unverified):
    assert not roles.is_delegate(unverified)


def test_the_user_menu_shows_what_the_role_may_do(client, world):
    client.force_login(world["users"]["secretariat"])
    page = client.get(reverse("home")).content.decode()
    assert "E-mail outbox" in page
    assert "Administration" in page
    client.force_login(world["users"]["focal_point"])
    page = client.get(reverse("home")).content.decode()
    assert "My member state" in page
    assert "E-mail outbox" not in page
    client.force_login(world["users"]["delegate"])
    page = client.get(reverse("home")).content.decode()
    assert "Delegate" in page
    assert "My member state" not in page
    assert "Administration" not in page

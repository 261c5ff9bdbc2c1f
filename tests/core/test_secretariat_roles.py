"""Accounts: the Secretariat's finer roles, who grants them, the log, the roles page and its
CSV, and the admin's privilege fields (issue 12, items 1 and 8)."""

import csv
import io

import pytest
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from idm_portal.core import roles
from idm_portal.core.models import RoleChange, User
from idm_portal.core.services.accounts import grant_role, revoke_role, set_up_site_and_roles
from tests.factories import UserFactory, with_mfa

ROLE_CHECKS = {
    "can_edit_agenda": roles.AGENDA_EDITORS,
    "can_review_suggestions": roles.AGENDA_EDITORS,
    "can_manage_registrations": roles.REGISTRATION_OFFICERS,
    "can_manage_invitations": roles.INVITATION_OFFICERS,
    "can_run_consultations": roles.CONSULTATION_OFFICERS,
    "can_edit_notes": roles.CONSULTATION_OFFICERS,
    "can_manage_users": roles.USER_ADMINISTRATORS,
}


def officer_with(*role_names, email=None):
    """A staff user with MFA holding exactly ``role_names`` (made directly, as a superuser
    would; the service is tested below)."""
    set_up_site_and_roles()
    user = with_mfa(UserFactory(**({"email": email} if email else {}), is_staff=True))
    user.groups.set(Group.objects.filter(name__in=role_names))
    return User.objects.get(pk=user.pk)


@pytest.fixture
def administrator(db):
    return officer_with(roles.USER_ADMINISTRATORS, email="admin@example.org")


@pytest.mark.parametrize("role", [r for r in roles.SECRETARIAT_ROLES if r != "Secretariat"])
def test_each_role_answers_only_its_own_checks(db, role):
    officer = officer_with(role)
    assert roles.is_secretariat(officer)
    assert roles.can_use_admin(officer)
    assert roles.can_manage_outbox(officer)
    for check, owner in ROLE_CHECKS.items():
        assert getattr(roles, check)(officer) == (owner == role), check


def test_the_secretariat_group_holds_every_role(secretariat):
    assert all(getattr(roles, check)(secretariat) for check in ROLE_CHECKS)


def test_a_registration_officer_may_not_open_the_agenda_editor(client, db):
    from tests.factories import WorkshopFactory

    workshop = WorkshopFactory(slug="w", is_published=True)
    client.force_login(officer_with(roles.REGISTRATION_OFFICERS))
    year = workshop.idm_year.year
    editor = client.get(reverse("workshops:editor", args=[year, "w"]))
    assert editor.status_code == 403
    assert client.get(reverse("workshops:registrations", args=[year, "w"])).status_code == 200


def test_an_administrator_grants_a_role_and_it_is_logged(administrator):
    person = UserFactory(email="new.officer@example.org")
    change = grant_role(person, role=roles.AGENDA_EDITORS, actor=administrator)
    person = User.objects.get(pk=person.pk)
    assert roles.can_edit_agenda(person)
    assert person.is_staff
    logged = RoleChange.objects.get()
    assert logged == change
    assert (logged.user, logged.role, logged.action, logged.actor) == (
        person,
        "Agenda editors",
        "granted",
        administrator,
    )
    assert logged.at is not None
    assert grant_role(person, role=roles.AGENDA_EDITORS, actor=administrator) is None
    revoke_role(person, role=roles.AGENDA_EDITORS, actor=administrator)
    person = User.objects.get(pk=person.pk)
    assert not roles.is_secretariat(person)
    assert not person.is_staff
    assert list(RoleChange.objects.values_list("action", flat=True)) == ["revoked", "granted"]


def test_nobody_grants_themselves_anything(administrator):
    with pytest.raises(PermissionDenied):
        grant_role(administrator, role=roles.SECRETARIAT_GROUP, actor=administrator)
    with pytest.raises(PermissionDenied):
        revoke_role(administrator, role=roles.USER_ADMINISTRATORS, actor=administrator)
    assert not RoleChange.objects.exists()


def test_only_an_administrator_grants_roles(db):
    agenda_editor = officer_with(roles.AGENDA_EDITORS)
    person = UserFactory()
    with pytest.raises(PermissionDenied):
        grant_role(person, role=roles.AGENDA_EDITORS, actor=agenda_editor)
    assert not roles.is_secretariat(User.objects.get(pk=person.pk))


def test_a_grant_signs_the_grantee_out_everywhere(client, administrator):
    person = UserFactory()
    client.force_login(person)
    assert Session.objects.count() == 1
    grant_role(person, role=roles.INVITATION_OFFICERS, actor=administrator)
    assert Session.objects.count() == 0
    assert client.get(reverse("core:profile"))["Location"].startswith(reverse("account_login"))


def test_the_roles_page_grants_and_revokes(client, administrator):
    person = UserFactory(email="maria@example.org", name="Maria Lopez")
    client.force_login(administrator)
    response = client.post(
        reverse("core:role_grant"),
        {"email": "maria@example.org", "role": roles.CONSULTATION_OFFICERS},
        follow=True,
    )
    page = response.content.decode()
    assert "maria@example.org now holds the role Consultations and notes." in page
    assert "Maria Lopez &lt;maria@example.org&gt;" in page
    assert "Revoke Consultations and notes" in page
    response = client.post(
        reverse("core:role_revoke"),
        {"email": "maria@example.org", "role": roles.CONSULTATION_OFFICERS},
        follow=True,
    )
    page = response.content.decode()
    assert "maria@example.org no longer holds the role Consultations and notes." in page
    log = page[page.index('id="role-changes"') :]
    assert log.count("<td>maria@example.org</td><td>Consultations and notes</td>") == 2
    assert "<td>Revoked</td><td>admin@example.org</td>" in log
    assert "<td>Granted</td><td>admin@example.org</td>" in log
    assert not roles.is_secretariat(User.objects.get(pk=person.pk))


def test_the_roles_page_refuses_a_self_grant_with_a_message(client, administrator):
    client.force_login(administrator)
    response = client.post(
        reverse("core:role_grant"),
        {"email": administrator.email, "role": roles.SECRETARIAT_GROUP},
        follow=True,
    )
    assert "Nobody grants or revokes their own roles." in response.content.decode()
    assert not RoleChange.objects.exists()


def test_the_roles_page_names_an_unknown_address(client, administrator):
    client.force_login(administrator)
    response = client.post(
        reverse("core:role_grant"), {"email": "nobody@example.org", "role": roles.AGENDA_EDITORS}
    )
    assert response.status_code == 400
    assert "No account has this e-mail address." in response.content.decode()


def test_a_secretariat_member_without_user_administration_sees_roles_but_no_form(client, db):
    client.force_login(officer_with(roles.AGENDA_EDITORS, email="editor@example.org"))
    page = client.get(reverse("core:roles")).content.decode()
    assert "editor@example.org" in page
    assert "Grant a role" not in page
    assert "Revoke" not in page


def test_the_roles_csv_lists_who_holds_which_role(client, administrator, secretariat):
    officer_with(roles.AGENDA_EDITORS, roles.INVITATION_OFFICERS, email="=cmd@example.org")
    User.objects.create_superuser("root@example.org", "x")
    UserFactory(email="delegate.only@example.org")
    client.force_login(administrator)
    response = client.get(reverse("core:roles_csv"))
    assert response["Content-Disposition"] == 'attachment; filename="secretariat-roles.csv"'
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert rows[0] == ["E-mail address", "Name", "Roles", "Superuser", "MFA"]
    by_email = {row[0]: row for row in rows[1:]}
    assert sorted(by_email) == [
        "'=cmd@example.org",
        "admin@example.org",
        "root@example.org",
        "secretariat@example.org",
    ]
    assert by_email["'=cmd@example.org"][2] == "Agenda editors; Invitations"
    assert by_email["admin@example.org"][2:] == ["User administrators", "no", "yes"]
    assert by_email["secretariat@example.org"][2] == "Secretariat (every role)"
    assert by_email["root@example.org"][2:] == ["", "yes", "no"]


@pytest.mark.parametrize("holders", [2, 30])
def test_the_roles_page_takes_the_same_queries_for_few_and_many_holders(
    client, administrator, django_assert_num_queries, holders
):
    for number in range(holders):
        officer_with(roles.AGENDA_EDITORS, email=f"officer{number}@example.org")
    for _number in range(holders):
        grant_role(UserFactory(), role=roles.INVITATION_OFFICERS, actor=administrator)
    client.force_login(administrator)
    # session, user, the viewer's groups, the holders, their role groups, their
    # authenticators, the viewer's member states (the menu), the latest changes
    with django_assert_num_queries(8):
        page = client.get(reverse("core:roles"))
    assert "officer1@example.org" in page.content.decode()
    with django_assert_num_queries(6):
        client.get(reverse("core:roles_csv"))


# --- the admin: privileges are read-only for anyone but a superuser ---


def test_a_secretariat_member_cannot_make_themselves_superuser_in_the_admin(client, secretariat):
    client.force_login(secretariat)
    url = reverse("admin:core_user_change", args=[secretariat.pk])
    page = client.get(url).content.decode()
    assert 'name="is_superuser"' not in page
    assert 'name="groups"' not in page
    everything = Group.objects.values_list("pk", flat=True)
    response = client.post(
        url,
        {
            "email": secretariat.email,
            "name": "Sam Secretariat",
            "preferred_language": "en",
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "groups": list(everything),
            "focal_points-TOTAL_FORMS": "0",
            "focal_points-INITIAL_FORMS": "0",
            "last_login_0": "",
            "date_joined_0": "2009-03-25",
            "date_joined_1": "09:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    secretariat = User.objects.get(pk=secretariat.pk)
    assert not secretariat.is_superuser
    assert list(secretariat.groups.values_list("name", flat=True)) == ["Secretariat"]


def test_a_secretariat_member_cannot_change_a_superuser_in_the_admin(client, secretariat):
    root = User.objects.create_superuser("root@example.org", "x")
    client.force_login(secretariat)
    response = client.get(reverse("admin:core_user_change", args=[root.pk]))
    assert 'name="email"' not in response.content.decode()
    password = client.get(reverse("admin:auth_user_password_change", args=[root.pk]))
    assert password.status_code == 403


# Each role opens the pages of its topic and no other's: (page, the role that owns it)
TOPIC_PAGES = {
    "agenda editor": roles.AGENDA_EDITORS,
    "registrations": roles.REGISTRATION_OFFICERS,
    "check-in": roles.REGISTRATION_OFFICERS,
    "invitations": roles.INVITATION_OFFICERS,
    "new theme proposal": roles.CONSULTATION_OFFICERS,
    "new voting round": roles.CONSULTATION_OFFICERS,
    "new discussion note": roles.CONSULTATION_OFFICERS,
}


def topic_url(page, workshop):
    args = [workshop.idm_year.year, workshop.slug]
    return {
        "agenda editor": reverse("workshops:editor", args=args),
        "registrations": reverse("workshops:registrations", args=args),
        "check-in": reverse("workshops:check_in", args=args),
        "invitations": reverse("workshops:invitations", args=args),
        "new theme proposal": reverse("consultations:proposal_new"),
        "new voting round": reverse("consultations:round_new"),
        "new discussion note": reverse("consultations:note_new"),
    }[page]


@pytest.mark.parametrize("role", [r for r in roles.SECRETARIAT_ROLES if r != "Secretariat"])
def test_each_role_opens_only_the_pages_of_its_topic(client, db, role):
    from tests.factories import WorkshopFactory

    workshop = WorkshopFactory(slug="w", is_published=True)
    client.force_login(officer_with(role))
    for page, owner in TOPIC_PAGES.items():
        response = client.get(topic_url(page, workshop))
        expected = 200 if owner == role else 403
        assert response.status_code == expected, (page, role)
    # Every role sees the roles page and the outbox (the Secretariat's common pages).
    assert client.get(reverse("core:roles")).status_code == 200
    assert client.get(reverse("core:outbox")).status_code == 200

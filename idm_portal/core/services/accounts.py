"""Accounts and roles: the Secretariat's role groups, who grants them, appointments,
profiles."""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.sessions.models import Session
from django.contrib.sites.models import Site
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from idm_portal.core import roles
from idm_portal.core.models import FocalPoint, RoleChange, User

# The admin permissions of each role group: (app label, model names; empty for every model
# of the app). django-allauth's e-mail addresses are view-only for every role: changing a
# person's address in the admin would let one reset their password.
ROLE_PERMISSIONS = {
    roles.AGENDA_EDITORS: [
        ("workshops", {"workshop", "session", "speaker", "sessionspeaker", "agendarelease"}),
        ("workshops", {"document", "suggestion", "suggestionevent", "categoryquota"}),
        ("core", {"idmyear", "organization"}),
    ],
    roles.REGISTRATION_OFFICERS: [
        ("workshops", {"registration", "categoryquota"}),
        ("core", {"organization"}),
    ],
    roles.INVITATION_OFFICERS: [("workshops", {"invitation", "invitationmessage"})],
    roles.CONSULTATION_OFFICERS: [("consultations", set()), ("core", {"idmyear"})],
    roles.USER_ADMINISTRATORS: [("core", {"user", "focalpoint", "rolechange"})],
}
VIEW_ONLY_APPS = ("account",)


def _permissions(rules):
    query = Q(pk__in=[])
    for app_label, models in rules:
        rule = Q(content_type__app_label=app_label)
        if models:
            rule &= Q(content_type__model__in=models)
        query |= rule
    return Permission.objects.filter(query)


@transaction.atomic
def set_up_site_and_roles():
    """Create or refresh the Secretariat's role groups with their admin permissions (the
    "Secretariat" group: every role), and name the site. Idempotent; runs after every
    migrate. Returns the all-roles "Secretariat" group."""
    view_only = Permission.objects.filter(
        content_type__app_label__in=VIEW_ONLY_APPS, codename__startswith="view_"
    )
    group, _created = Group.objects.get_or_create(name=roles.SECRETARIAT_GROUP)
    every_rule: list[tuple[str, set[str]]] = [
        (app, set()) for app in roles.SECRETARIAT_APPS if app not in VIEW_ONLY_APPS
    ]
    group.permissions.set([*_permissions(every_rule), *view_only])
    for role, rules in ROLE_PERMISSIONS.items():
        role_group, _created = Group.objects.get_or_create(name=role)
        role_group.permissions.set([*_permissions(rules), *view_only])
    domain = getattr(settings, "SITE_DOMAIN", "127.0.0.1:8000")
    Site.objects.update_or_create(
        pk=settings.SITE_ID, defaults={"domain": domain, "name": "IDM Portal"}
    )
    return group


@transaction.atomic
def appoint_secretariat(user, *, actor=None):
    """Put a user in the all-roles Secretariat group and let them open the admin site (the
    demo and the set-up of a new portal; on a running portal roles are granted one by one
    with ``grant_role``)."""
    if actor is not None and (actor.pk == user.pk or not roles.can_manage_users(actor)):
        raise PermissionDenied
    group = set_up_site_and_roles()
    user.groups.add(group)
    if not user.is_staff:
        User.objects.filter(pk=user.pk).update(is_staff=True)
        user.is_staff = True
    return user


@transaction.atomic
def appoint_focal_point(user, *, member_state, actor=None):
    """Link a user to a member state as its focal point; returns the link."""
    if actor is not None and not roles.can_manage_users(actor):
        raise PermissionDenied
    if not member_state.is_member_state:
        raise ValidationError(
            _("%(name)s is not a member state; only member states have focal points.")
            % {"name": member_state.name}
        )
    link, _created = FocalPoint.objects.get_or_create(user=user, member_state=member_state)
    return link


@transaction.atomic
def update_profile(user, *, name, preferred_language):
    """Change a user's name and preferred language (the language of their e-mails)."""
    user.name = name
    user.preferred_language = preferred_language
    user.save(update_fields=["name", "preferred_language"])
    return user


@transaction.atomic
def confirm_organizations(organizations, *, actor):
    """The registration officers confirm organizations proposed by registrants; returns how
    many."""
    if not roles.can_manage_registrations(actor):
        raise PermissionDenied
    return organizations.filter(is_confirmed=False).update(is_confirmed=True)


def _check_role_change(user, role, actor):
    if not roles.can_manage_users(actor):
        raise PermissionDenied
    if actor.pk == user.pk:
        raise PermissionDenied(_("Nobody grants or revokes their own roles."))
    if role not in roles.SECRETARIAT_ROLES:
        raise ValidationError(_("%(role)s is not a Secretariat role.") % {"role": role})


def _end_sessions_of(user):
    """Sign the user out everywhere: their next sign-in checks their roles and MFA afresh."""
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()


@transaction.atomic
def grant_role(user, *, role, actor):
    """A user administrator gives ``user`` a Secretariat role (its group), lets them open
    the admin site, signs them out everywhere (MFA is required at their next sign-in) and
    logs the grant. Granting a role held already changes nothing; returns the RoleChange,
    or None."""
    _check_role_change(user, role, actor)
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.groups.filter(name=role).exists():
        return None
    group, _created = Group.objects.get_or_create(name=role)
    user.groups.add(group)
    if not user.is_staff:
        User.objects.filter(pk=user.pk).update(is_staff=True)
    _end_sessions_of(user)
    return RoleChange.objects.create(
        user=user, role=role, action=RoleChange.Action.GRANTED, actor=actor
    )


@transaction.atomic
def revoke_role(user, *, role, actor):
    """A user administrator takes a Secretariat role from ``user``; without any role left
    (and not a superuser) they can no longer open the admin site. Logs the revocation;
    returns the RoleChange, or None if the role was not held."""
    _check_role_change(user, role, actor)
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.groups.filter(name=role).exists():
        return None
    user.groups.remove(Group.objects.get(name=role))
    left = user.groups.filter(name__in=roles.SECRETARIAT_ROLES).exists()
    if not left and not user.is_superuser:
        User.objects.filter(pk=user.pk).update(is_staff=False)
    _end_sessions_of(user)
    return RoleChange.objects.create(
        user=user, role=role, action=RoleChange.Action.REVOKED, actor=actor
    )

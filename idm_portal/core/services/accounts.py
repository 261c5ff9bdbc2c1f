"""Accounts and roles: the Secretariat group, appointments, profiles."""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.sites.models import Site
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from idm_portal.core import roles
from idm_portal.core.models import FocalPoint, User


@transaction.atomic
def set_up_site_and_roles():
    """Create or refresh the Secretariat group with every permission of the portal's models,
    and name the site. Idempotent; runs after every migrate."""
    group, _created = Group.objects.get_or_create(name=roles.SECRETARIAT_GROUP)
    permissions = Permission.objects.filter(content_type__app_label__in=roles.SECRETARIAT_APPS)
    group.permissions.add(*permissions)
    domain = getattr(settings, "SITE_DOMAIN", "127.0.0.1:8000")
    Site.objects.update_or_create(
        pk=settings.SITE_ID, defaults={"domain": domain, "name": "IDM Portal"}
    )
    return group


@transaction.atomic
def appoint_secretariat(user, *, actor=None):
    """Put a user in the Secretariat group and let them open the admin site."""
    if actor is not None and not roles.is_secretariat(actor):
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
    if actor is not None and not roles.is_secretariat(actor):
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
    """The Secretariat confirms organizations proposed by registrants; returns how many."""
    if not roles.is_secretariat(actor):
        raise PermissionDenied
    return organizations.filter(is_confirmed=False).update(is_confirmed=True)

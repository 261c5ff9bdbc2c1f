"""Organizations proposed by registrants, for the Secretariat to confirm."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from idm_portal.core import roles
from idm_portal.core.models import Organization
from idm_portal.core.roles import Person


def propose_organization(*, name: str, kind: str, country: str, actor: Person) -> Organization:
    """Create an unconfirmed organization proposed by ``actor`` (a signed-in person); the
    Secretariat confirms it later. Refuses a name that exists already and a government
    without a country. Returns the new Organization."""
    if not roles.is_signed_in(actor):
        raise PermissionDenied
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Give the organization's name.")})
    if kind == Organization.Kind.GOVERNMENT and not country:
        raise ValidationError({"country": _("A government needs its country.")})
    if Organization.objects.filter(name__iexact=name).exists():
        raise ValidationError(
            {"name": _("%(name)s is already in the list: choose it there.") % {"name": name}}
        )
    organization = Organization(name=name, kind=kind, country=country or "", is_confirmed=False)
    organization.full_clean()
    try:
        with transaction.atomic():
            organization.save()
    except IntegrityError as error:
        # Another person proposed the same name (or government) at the same instant.
        raise ValidationError(
            {"name": _("%(name)s is already in the list: choose it there.") % {"name": name}}
        ) from error
    return organization

"""IDM years: setting the overarching theme of a year, once (the adoption of a theme
selected by the membership)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from idm_portal.core import roles
from idm_portal.core.models import IdmYear
from idm_portal.core.roles import Person


def set_overarching_theme(year: int, *, theme: str | None, actor: Person) -> IdmYear:
    """Make ``theme`` the overarching theme of IDM ``year`` (an int), creating that year
    (planned) if it does not exist. Refused when the year already has a theme: a theme is
    adopted once (by the consultations role). Returns the IdmYear."""
    if not roles.can_run_consultations(actor):
        raise PermissionDenied
    theme = (theme or "").strip()
    if not theme:
        raise ValidationError(_("The overarching theme may not be empty."))
    limit = IdmYear._meta.get_field("overarching_theme").max_length
    if limit is not None and len(theme) > limit:
        raise ValidationError(_("The overarching theme is too long."))
    with transaction.atomic():
        IdmYear.objects.get_or_create(year=year)
        idm_year = IdmYear.objects.select_for_update().get(year=year)
        if idm_year.overarching_theme:
            raise ValidationError(
                _("The overarching theme of IDM %(year)s is already adopted: %(theme)s.")
                % {"year": year, "theme": idm_year.overarching_theme}
            )
        idm_year.overarching_theme = theme
        idm_year.save(update_fields=["overarching_theme"])
    return idm_year

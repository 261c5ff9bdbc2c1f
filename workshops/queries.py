"""Querysets of workshops that several views need."""

from idm_portal.core import roles
from workshops.models import Workshop


def visible_workshops(user):
    """Published workshops; the Secretariat also sees drafts."""
    workshops = Workshop.objects.select_related("idm_year")
    if roles.can_see_unpublished(user):
        return workshops
    return workshops.filter(is_published=True)


def workshops_of_year(idm_year, user):
    return visible_workshops(user).filter(idm_year=idm_year).order_by("start_date", "ordinal")


def published_workshops():
    return Workshop.objects.filter(is_published=True).select_related("idm_year")

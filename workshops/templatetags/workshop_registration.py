"""What the workshop page says about the viewer's registration."""

from django import template

from idm_portal.core import roles
from workshops.services.registration import live_registration, registration_window_error

register = template.Library()


@register.simple_tag
def registration_window(workshop):
    """The sentence that says why registration is closed, or None when it is open."""
    return registration_window_error(workshop)


@register.simple_tag
def my_live_registration(workshop, user):
    """The viewer's live registration for the workshop, or None."""
    if not roles.is_signed_in(user):
        return None
    return live_registration(workshop, user)

"""Template filters for agendas."""

from django import template

from workshops import agenda

register = template.Library()


@register.filter
def slot(value):
    """A release's (date, start, end, room) slot as text: '25 March 2009, 10:00–11:30'."""
    return agenda.slot_text(value)

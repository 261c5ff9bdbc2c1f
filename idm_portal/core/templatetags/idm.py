"""Template filters of the portal."""

from django import template
from django.utils.formats import date_format
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def date_range(start, end):
    """'25–26 March 2009', '30 June – 1 July 2009', in the active language's date format."""
    if not start or not end or start == end:
        return date_format(start or end, "DATE_FORMAT") if (start or end) else ""
    last = date_format(end, "DATE_FORMAT")
    if (start.year, start.month) == (end.year, end.month):
        return _("%(first_day)s–%(last)s") % {"first_day": start.day, "last": last}
    if start.year == end.year:
        return _("%(first)s – %(last)s") % {
            "first": date_format(start, "MONTH_DAY_FORMAT"),
            "last": last,
        }
    return _("%(first)s – %(last)s") % {"first": date_format(start, "DATE_FORMAT"), "last": last}

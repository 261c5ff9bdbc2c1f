"""Template filters of the portal."""

from zoneinfo import ZoneInfo

from django import template
from django.utils import timezone
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


GENEVA = ZoneInfo("Europe/Zurich")


@register.filter
def geneva_time(moment):
    """'1 May 2009 at 09:00 (Geneva time)', in the active language: the one way the portal
    writes a moment of its meetings and rounds (the same words as its e-mails)."""
    if not moment:
        return ""
    local = timezone.localtime(moment, GENEVA)
    return _("%(date)s at %(time)s (Geneva time)") % {
        "date": date_format(local, "DATE_FORMAT"),
        "time": local.strftime("%H:%M"),
    }

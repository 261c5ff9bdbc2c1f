"""Template filters of the portal."""

from zoneinfo import ZoneInfo

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
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


def _falls_back(obj, field):
    """Whether ``obj``'s ``field`` shows the English text on a page in another language:
    a model translated by django-modeltranslation whose column for the active language is
    empty, or an agenda release's session naming the field in its "fallback"."""
    if isinstance(obj, dict):
        return field in obj.get("fallback", ())
    language = (get_language() or "en")[:2]
    if language == "en" or not hasattr(obj, f"{field}_{language}"):
        return False
    return not getattr(obj, f"{field}_{language}") and bool(getattr(obj, f"{field}_en", ""))


@register.simple_tag
def translated(obj, field):
    """``{% translated workshop "title" %}``: the text in the page's language; the English
    one inside ``<span lang="en">`` where the page's language has none (screen readers then
    read it in English)."""
    value = obj.get(field, "") if isinstance(obj, dict) else getattr(obj, field, "")
    if _falls_back(obj, field):
        return format_html('<span lang="en">{}</span>', value)
    return value or ""


@register.simple_tag
def lang_of(obj, field):
    """`` lang="en"`` for an element holding a field that falls back to English (for long
    texts rendered by a filter, such as a description): ``<div{% lang_of w "description" %}>``."""
    return mark_safe(' lang="en"') if _falls_back(obj, field) else ""


@register.filter
def translated_text(obj, field):
    """The ``translated`` tag as a filter, for a ``{% blocktranslate with ... %}`` value."""
    return translated(obj, field)


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

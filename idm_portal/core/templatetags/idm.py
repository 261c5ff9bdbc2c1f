"""Template filters of the portal."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

from django import template
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
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


# One way to write dates and times, in every page, e-mail and PDF (CSV and the API stay
# ISO 8601): Django's localized formats (idm_portal/formats/, DATE_FORMAT "30 November
# 2026", TIME_FORMAT "15:48" in the three languages), and for a moment the zone named:
# "30 November 2026 at 15:48 (Geneva time)", "30 novembre 2026 à 15:48 (heure de Genève)".
# A meeting's moment is in its venue's zone, named by its city; everything else (rounds,
# the Secretariat's work, the outbox) in Geneva's. Django's formats cover all of it, so
# Babel is not needed. tests/test_dates.py keeps templates from formatting dates directly.

GENEVA = ZoneInfo("Europe/Zurich")


def _zone_of(where):
    """The zone and the city naming it: a workshop's venue (``where``), or Geneva."""
    if where is None or not hasattr(where, "zone"):
        return GENEVA, None
    return where.zone, where.zone_label


def _local(value, where=None):
    """A datetime in the zone of ``where``; a date or a time unchanged."""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value, _zone_of(where)[0])
    return value


@register.filter
def day(value, where=None):
    """'30 November 2026', '30 novembre 2026', '30 de noviembre de 2026': a date, or the
    day of a moment in the zone of ``where`` (a workshop) or Geneva."""
    if not value:
        return ""
    local = _local(value, where)
    return date_format(local.date() if isinstance(local, dt.datetime) else local, "DATE_FORMAT")


@register.filter
def long_day(value):
    """'Wednesday 25 March 2009', 'Mercredi 25 mars 2009': a day heading of an agenda."""
    if not value:
        return ""
    return f"{capfirst(date_format(value, 'l'))} {day(value)}"


@register.filter
def clock(value, where=None):
    """'15:48': a time of day (a session's), or the time of a moment in the zone of
    ``where`` (a workshop) or Geneva, where the zone is plain from the page."""
    if not value:
        return ""
    return time_format(_local(value, where), "TIME_FORMAT")


@register.filter
def moment(value, where=None):
    """'30 November 2026 at 15:48 (Geneva time)' or, for a workshop's moment (``where``),
    '... at 09:00 (Bangkok time)': the one way the portal writes a moment."""
    if not value:
        return ""
    city = _zone_of(where)[1]
    words = {"date": day(value, where), "time": clock(value, where)}
    if city is None:
        return _("%(date)s at %(time)s (Geneva time)") % words
    return _("%(date)s at %(time)s (%(city)s time)") % {**words, "city": city}


# The name the voting rounds' service has used since the filter was theirs alone.
geneva_time = moment


@register.filter
def iso(value):
    """For machines (``<time datetime>``, ids, form values): '2026-11-30', or a moment in
    UTC, '2026-11-30T14:48:00Z'."""
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.isoformat()


TITLE_WORD = re.compile(r"[A-ZÀ-Þ][a-zß-ÿ'’-]*[?!.:]?")
CAPITALS = re.compile(r"[A-Z0-9]{2,}[?!.:]?")


@register.filter(is_safe=True)
def sentence_case(text):
    """'Sign In' -> 'Sign in', 'Change Password' -> 'Change password': django-allauth's
    headings, buttons and titles in the portal's sentence case (STYLE: the rest of the
    portal writes so). Only a short plain text whose every word is capitalized is changed
    (its translation in French and Spanish usually is not, and is then left alone); words in
    capitals (IDM, TOTP) keep them."""
    text = str(text)
    core = text.strip()
    words = core.split()
    if (
        "<" in core
        or len(words) < 2
        or not all(TITLE_WORD.fullmatch(w) or CAPITALS.fullmatch(w) for w in words)
    ):
        return text
    changed = " ".join([words[0], *(w if CAPITALS.fullmatch(w) else w.lower() for w in words[1:])])
    start = text.index(core)
    result = text[:start] + changed + text[start + len(core) :]
    return result  # is_safe: Django keeps a safe text safe

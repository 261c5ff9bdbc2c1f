"""Intersessional workshops of an IDM year, and the time zones their dates and times
are in."""

import datetime as dt
import zoneinfo
from functools import lru_cache
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from idm_portal.core.models import IdmYear

if TYPE_CHECKING:
    from workshops.models.agendas import AgendaRelease


@lru_cache(maxsize=64)
def zone_or_none(name):
    """The ZoneInfo called ``name``, or None when there is no such zone."""
    if not name or name not in available_time_zones():
        return None
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


@lru_cache(maxsize=1)
def available_time_zones():
    """Every IANA zone name this server knows (``zoneinfo.available_timezones()``, which
    reads the tz database: cached)."""
    return frozenset(zoneinfo.available_timezones())


def time_zone_choices():
    """(name, name) for every IANA zone, sorted: the list the Secretariat picks from."""
    return [(name, name) for name in sorted(available_time_zones()) if "/" in name or name == "UTC"]


# Whole phrases, so that each language may agree and order its words.
ORDINAL_TITLES = {
    1: _("First intersessional workshop"),
    2: _("Second intersessional workshop"),
    3: _("Third intersessional workshop"),
    4: _("Fourth intersessional workshop"),
    5: _("Fifth intersessional workshop"),
    6: _("Sixth intersessional workshop"),
}


class Workshop(models.Model):
    """An IDM intersessional workshop: "the first IDM intersessional workshop for 2009 took
    place in Geneva on 25 and 26 March 2009"."""

    # Set by the query that loads the workshop with the heading of its latest agenda release
    # (workshops.queries.visible_workshop_with_release); not a field.
    latest_release: "AgendaRelease | None"

    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("workshop status", "Planned")
        SUBJECT_TO_FUNDING = "subject_to_funding", _("Subject to the availability of funding")
        CONFIRMED = "confirmed", _("Confirmed")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")
        POSTPONED = "postponed", _("Postponed")

    idm_year = models.ForeignKey(
        IdmYear, on_delete=models.PROTECT, related_name="workshops", verbose_name=_("IDM year")
    )
    ordinal = models.PositiveSmallIntegerField(
        _("ordinal"), help_text=_("1 for the first intersessional workshop of the year, ...")
    )
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=120)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100)
    time_zone = models.CharField(
        _("time zone of the venue"),
        max_length=64,
        default="Europe/Zurich",
        help_text=_("An IANA name such as Europe/Zurich: dates and times are in this zone."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    registration_opens = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes = models.DateTimeField(_("registration closes"), null=True, blank=True)
    requires_approval = models.BooleanField(
        _("registrations need the Secretariat's approval"), default=False
    )
    quota_per_delegation = models.PositiveSmallIntegerField(
        _("at most per government delegation"), null=True, blank=True
    )
    description = models.TextField(_("description"), blank=True)
    is_published = models.BooleanField(_("published"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ["start_date", "ordinal"]
        constraints = [
            models.UniqueConstraint(fields=["idm_year", "slug"], name="workshop_slug_per_year"),
            models.UniqueConstraint(
                fields=["idm_year", "ordinal"], name="workshop_ordinal_per_year"
            ),
            models.CheckConstraint(
                name="workshop_ends_after_it_starts", condition=Q(end_date__gte=F("start_date"))
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("workshops:detail", kwargs={"year": self.idm_year.year, "slug": self.slug})

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The workshop cannot end before it starts.")})
        if (
            self.registration_opens
            and self.registration_closes
            and self.registration_closes <= self.registration_opens
        ):
            raise ValidationError(
                {"registration_closes": _("Registration must close after it opens.")}
            )

    @property
    def zone_is_known(self):
        """Whether ``time_zone`` names a zone this server knows (a zone written directly in
        the database, or removed from the tz database, may not)."""
        return zone_or_none(self.time_zone) is not None

    @property
    def zone(self):
        """The venue's time zone; the portal's own (settings.TIME_ZONE) when the stored name
        is not a known zone, so that no page, calendar file or PDF fails on it."""
        return zone_or_none(self.time_zone) or zone_or_none(settings.TIME_ZONE) or dt.UTC

    @property
    def zone_name(self):
        """The name of the zone in which times are shown (the fallback's when unknown)."""
        return self.time_zone if self.zone_is_known else str(self.zone)

    @property
    def zone_label(self):
        """What "(… time)" says after a time: the city, or the fallback zone's name when
        the venue's zone is unknown."""
        return self.city if self.zone_is_known else self.zone_name

    @property
    def ordinal_title(self):
        """ "First intersessional workshop", ..., in the active language."""
        if self.ordinal in ORDINAL_TITLES:
            return ORDINAL_TITLES[self.ordinal]
        return gettext("Intersessional workshop %(number)d") % {"number": self.ordinal}

    @property
    def is_single_day(self):
        return self.start_date == self.end_date

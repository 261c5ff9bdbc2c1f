"""Intersessional workshops of an IDM year (the agenda issue adds sessions and speakers)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from idm_portal.core.models import IdmYear

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

    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("workshop status", "Planned")
        SUBJECT_TO_FUNDING = "subject_to_funding", _("Subject to the availability of funding")
        CONFIRMED = "confirmed", _("Confirmed")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

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
        _("time zone of the venue"), max_length=64, default="Europe/Zurich"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    registration_opens = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes = models.DateTimeField(_("registration closes"), null=True, blank=True)
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
    def ordinal_title(self):
        """ "First intersessional workshop", ..., in the active language."""
        if self.ordinal in ORDINAL_TITLES:
            return ORDINAL_TITLES[self.ordinal]
        return gettext("Intersessional workshop %(number)d") % {"number": self.ordinal}

    @property
    def is_single_day(self):
        return self.start_date == self.end_date

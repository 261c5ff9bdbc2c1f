"""Meetings of the membership on the IDM, such as the Informal Consultations."""

from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from idm_portal.core.models import IdmYear

# The usual place of the meetings, in the three languages (Meeting.place is translated).
GENEVA = {"place_en": "Geneva", "place_fr": "Genève", "place_es": "Ginebra"}


class Meeting(models.Model):
    """A meeting of the membership on the IDM, such as the Informal Consultations on
    International Dialogue on Migration of 28 April 2009."""

    idm_year = models.ForeignKey(
        IdmYear, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("IDM year")
    )
    title = models.CharField(_("title"), max_length=300)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=100, default="Geneva")
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["title", "date"], name="one_meeting_per_title_and_day")
        ]

    def __str__(self):
        return f"{self.title} ({date_format(self.date, 'DATE_FORMAT')})"

"""The IDM year and its overarching theme."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class IdmYear(models.Model):
    """One yearly cycle of the International Dialogue on Migration and its overarching
    theme."""

    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("IDM year status", "Planned")
        CURRENT = "current", pgettext_lazy("IDM year status", "Current")
        CONCLUDED = "concluded", pgettext_lazy("IDM year status", "Concluded")

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    overarching_theme = models.CharField(_("overarching theme"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )

    class Meta:
        verbose_name = _("IDM year")
        verbose_name_plural = _("IDM years")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["status"], condition=Q(status="current"), name="one_current_idm_year"
            )
        ]

    def __str__(self):
        return f"IDM {self.year}"

"""Organizations (governments, international organizations, NGOs, ...) and the focal
points of member states."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


class Organization(models.Model):
    """A government, an international organization, an NGO, a company, a university or a
    media outlet; governments carry their country and their status at IOM."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government")
        INTERNATIONAL_ORGANIZATION = "international_organization", _("International organization")
        NGO = "ngo", _("Non-governmental organization")
        PRIVATE_SECTOR = "private_sector", _("Private sector")
        ACADEMIA = "academia", _("Academia")
        MEDIA = "media", _("Media")
        OTHER = "other", _("Other")

    class IomStatus(models.TextChoices):
        MEMBER_STATE = "member_state", _("Member State")
        OBSERVER_STATE = "observer_state", _("Observer State")
        NONE = "none", _("None")

    class IomRegion(models.TextChoices):
        """IOM's regions (those of its regional offices), for turnout by region."""

        NONE = "", _("No region")
        ASIA_PACIFIC = "asia_pacific", _("Asia and the Pacific")
        CENTRAL_NORTH_AMERICA_CARIBBEAN = (
            "central_north_america_caribbean",
            _("Central and North America and the Caribbean"),
        )
        SOUTH_AMERICA = "south_america", _("South America")
        EUROPEAN_ECONOMIC_AREA = "european_economic_area", _("European Economic Area")
        SOUTH_EASTERN_EASTERN_EUROPE_CENTRAL_ASIA = (
            "see_ee_central_asia",
            _("South-Eastern Europe, Eastern Europe and Central Asia"),
        )
        MIDDLE_EAST_NORTH_AFRICA = "middle_east_north_africa", _("Middle East and North Africa")
        WEST_CENTRAL_AFRICA = "west_central_africa", _("West and Central Africa")
        EAST_HORN_AFRICA = "east_horn_africa", _("East and Horn of Africa")
        SOUTHERN_AFRICA = "southern_africa", _("Southern Africa")

    name = models.CharField(_("name"), max_length=255, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    country = CountryField(_("country"), blank=True)
    iom_status = models.CharField(
        _("IOM status"), max_length=20, choices=IomStatus.choices, default=IomStatus.NONE
    )
    iom_region = models.CharField(
        _("IOM region"), max_length=40, choices=IomRegion.choices, default="", blank=True
    )
    is_confirmed = models.BooleanField(
        _("confirmed by the Secretariat"),
        default=True,
        help_text=_("Organizations proposed by registrants wait for the Secretariat's check."),
    )

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                name="government_has_country",
                condition=~Q(kind="government") | ~Q(country=""),
            ),
            models.CheckConstraint(
                name="only_governments_have_iom_state_status",
                condition=Q(kind="government") | Q(iom_status="none"),
            ),
            models.UniqueConstraint(
                fields=["country"],
                condition=Q(kind="government"),
                name="one_government_per_country",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_member_state(self):
        return self.kind == self.Kind.GOVERNMENT and self.iom_status == self.IomStatus.MEMBER_STATE


class FocalPoint(models.Model):
    """A user who acts for a member state (votes, suggests case studies and speakers)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="focal_points",
        verbose_name=_("user"),
    )
    member_state = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="focal_points",
        verbose_name=_("member state"),
        limit_choices_to={"kind": "government", "iom_status": "member_state"},
    )
    since = models.DateField(_("since"), default=timezone.localdate)

    class Meta:
        verbose_name = _("focal point")
        verbose_name_plural = _("focal points")
        ordering = ["member_state__name", "user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "member_state"], name="one_focal_point_link_per_state"
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.member_state}"

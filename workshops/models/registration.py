"""Registrations for a workshop, the quotas per category that limit them, and the
passport details of a visa support letter."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from idm_portal.core.models import Organization

from .workshops import Workshop


class CategoryQuota(models.Model):
    """At most ``limit`` confirmed participants of one category at a workshop."""

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="quotas", verbose_name=_("workshop")
    )
    category = models.CharField(_("category"), max_length=30, choices=Organization.Kind.choices)
    limit = models.PositiveIntegerField(_("at most"))

    class Meta:
        verbose_name = _("quota per category")
        verbose_name_plural = _("quotas per category")
        constraints = [
            models.UniqueConstraint(fields=["workshop", "category"], name="one_quota_per_category")
        ]

    def __str__(self):
        return f"{self.get_category_display()}: {self.limit}"


def new_checkin_token():
    return secrets.token_urlsafe(18)


class Registration(models.Model):
    """A person's registration for a workshop, on behalf of an organization."""

    class Status(models.TextChoices):
        # A context of their own: in French and Spanish a registration ("inscription",
        # "inscripción") is feminine, a workshop is not.
        PENDING = "pending", pgettext_lazy("registration status", "Pending approval")
        CONFIRMED = "confirmed", pgettext_lazy("registration status", "Confirmed")
        WAITLISTED = "waitlisted", pgettext_lazy("registration status", "Wait-listed")
        DECLINED = "declined", pgettext_lazy("registration status", "Declined")
        CANCELLED = "cancelled", pgettext_lazy("registration status", "Cancelled")
        ATTENDED = "attended", pgettext_lazy("registration status", "Attended")

    # The statuses that hold a seat, and those that are over (the person may register again).
    HOLDS_SEAT = (Status.PENDING, Status.CONFIRMED, Status.ATTENDED)
    ENDED = (Status.DECLINED, Status.CANCELLED)

    workshop = models.ForeignKey(
        Workshop,
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("workshop"),
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("person"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("organization"),
    )
    category = models.CharField(_("category"), max_length=30, choices=Organization.Kind.choices)
    badge_name = models.CharField(_("name on the badge"), max_length=120)
    title = models.CharField(_("title"), max_length=40, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail address"))
    special_requirements = models.TextField(
        _("special requirements"), blank=True, help_text=_("Access, diet, ...")
    )
    needs_visa_letter = models.BooleanField(_("needs a visa support letter"), default=False)
    consents_to_list = models.BooleanField(
        _("may appear in the published list of participants"), default=False
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    checkin_token = models.CharField(
        _("check-in token"), max_length=40, unique=True, default=new_checkin_token, editable=False
    )
    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    waitlisted_at = models.DateTimeField(_("wait-listed"), null=True, blank=True)
    declined_at = models.DateTimeField(_("declined"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    attended_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    # Delegations: a focal point registers people on their behalf.
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    is_head_of_delegation = models.BooleanField(_("head of delegation"), default=False)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["workshop", "created_at", "pk"]
        indexes = [models.Index(fields=["workshop", "status", "waitlisted_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "person"],
                condition=~Q(status__in=["declined", "cancelled"]),
                name="one_live_registration_per_person",
            ),
            models.CheckConstraint(
                name="badge_name_not_blank", condition=~Q(badge_name__regex=r"^\s*$")
            ),
            models.UniqueConstraint(
                fields=["workshop", "organization"],
                condition=Q(is_head_of_delegation=True) & ~Q(status__in=["declined", "cancelled"]),
                name="one_head_per_delegation",
            ),
        ]

    def __str__(self):
        return f"{self.badge_name} – {self.workshop}"


class PassportDetails(models.Model):
    """What a visa support letter says of its holder, as in their passport, entered by the
    delegate; and the Secretariat's approval of the letter. Shown only to the delegate and the
    Secretariat; erased (the row deleted, and the letter's PDF) PASSPORT_RETENTION_DAYS after
    the workshop ends."""

    registration = models.OneToOneField(
        Registration,
        on_delete=models.CASCADE,
        related_name="passport_details",
        verbose_name=_("registration"),
    )
    name_in_passport = models.CharField(_("name as in the passport"), max_length=200)
    nationality = CountryField(_("nationality"))
    passport_number = models.CharField(_("passport number"), max_length=40)
    date_of_birth = models.DateField(_("date of birth"))
    entered_at = models.DateTimeField(_("entered"), default=timezone.now)
    approved_at = models.DateTimeField(_("visa letter approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )

    class Meta:
        verbose_name = _("passport details")
        verbose_name_plural = _("passport details")

    def __str__(self):
        return f"{self.name_in_passport} – {self.registration.workshop}"

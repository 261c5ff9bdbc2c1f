"""The day in the room: delegations' statements, lists of speakers and requests for the
floor, and turnout reminders to member states that took no part."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from idm_portal.core.models import Organization

from .agendas import Session
from .workshops import Workshop


def statement_path(statement, filename):
    return f"workshops/statements/{statement.session_id}/{uuid.uuid4().hex[:12]}-{filename}"


class Statement(models.Model):
    """The statement a delegation delivered in a session, uploaded by its focal point;
    published by the Secretariat under the session on the public agenda, after the workshop.
    Until then only the Secretariat and that member state's focal points see it."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="statements", verbose_name=_("session")
    )
    member_state = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="workshop_statements",
        verbose_name=_("member state"),
        limit_choices_to={"kind": "government", "iom_status": "member_state"},
    )
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    check_against_delivery = models.BooleanField(_("check against delivery"), default=True)
    file = models.FileField(_("file"), upload_to=statement_path, max_length=300)
    file_type = models.CharField(_("file type"), max_length=10)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        ordering = ["session", "member_state__name", "language", "pk"]

    def __str__(self):
        return f"{self.member_state} – {self.session.title}"

    def get_absolute_url(self):
        return reverse("workshops:statement", kwargs={"pk": self.pk})

    @property
    def is_published(self):
        return self.published_at is not None

    @property
    def filename(self):
        return self.file.name.rsplit("/", 1)[-1].split("-", 1)[-1]


class SpeakersList(models.Model):
    """The list of speakers of a session, which the chair (the Secretariat) opens: who asked
    for the floor, in the order the chair chose, and who speaks now."""

    class Order(models.TextChoices):
        PRECEDENCE = "precedence", _("Member states, then observers, then organizations")
        REQUEST = "request", _("In order of request")

    session = models.OneToOneField(
        Session, on_delete=models.CASCADE, related_name="speakers_list", verbose_name=_("session")
    )
    is_open = models.BooleanField(_("open for requests"), default=True)
    order = models.CharField(
        _("order of speakers"), max_length=12, choices=Order.choices, default=Order.PRECEDENCE
    )
    speaking_time = models.PositiveSmallIntegerField(
        _("speaking time in seconds"), default=180, help_text=_("0: no limit.")
    )
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opened by"),
    )

    class Meta:
        verbose_name = _("list of speakers")
        verbose_name_plural = _("lists of speakers")

    def __str__(self):
        return f"{self.session}"


class FloorRequest(models.Model):
    """A delegation's request for the floor on a list of speakers: waiting in the queue at
    ``position``, speaking, done, or withdrawn. A delegation waits or speaks at most once
    at a time on a list (a unique condition)."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        SPEAKING = "speaking", _("Speaking")
        DONE = "done", pgettext_lazy("floor request", "Spoke")
        WITHDRAWN = "withdrawn", pgettext_lazy("floor request", "Withdrawn")

    speakers_list = models.ForeignKey(
        SpeakersList,
        on_delete=models.CASCADE,
        related_name="requests",
        verbose_name=_("list of speakers"),
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("delegation")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    position = models.PositiveIntegerField(_("position in the queue"), default=0)
    requested_at = models.DateTimeField(_("asked"), default=timezone.now)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("asked by"),
    )
    floor_given_at = models.DateTimeField(_("given the floor"), null=True, blank=True)
    done_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("request for the floor")
        verbose_name_plural = _("requests for the floor")
        ordering = ["speakers_list", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["speakers_list", "organization"],
                condition=Q(status__in=["waiting", "speaking"]),
                name="one_live_floor_request_per_delegation",
            ),
            models.UniqueConstraint(
                fields=["speakers_list"],
                condition=Q(status="speaking"),
                name="one_speaker_at_a_time",
            ),
        ]

    def __str__(self):
        return f"{self.organization} – {self.speakers_list}"


class TurnoutReminder(models.Model):
    """A reminder sent to the focal points of a member state that took no part in a
    workshop: at most one per member state and workshop."""

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="turnout_reminders"
    )
    member_state = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("turnout reminder")
        verbose_name_plural = _("turnout reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "member_state"], name="one_turnout_reminder_per_member_state"
            )
        ]

    def __str__(self):
        return f"{self.workshop_id}/{self.member_state_id}"

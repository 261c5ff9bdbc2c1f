"""Member states' suggestions of case studies and speakers for a workshop, and what
happened to each."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from idm_portal.core.models import Organization

from .agendas import Speaker
from .workshops import Workshop


class Suggestion(models.Model):
    """A member state's suggestion for a workshop: a case study, a speaker or other input
    ("the Administration would welcome suggestions for case studies and speakers or other
    input by the membership", IC/2009/5, paragraph 7). Only the Secretariat and the member
    state's focal points see it."""

    class Kind(models.TextChoices):
        CASE_STUDY = "case_study", _("Case study")
        SPEAKER = "speaker", _("Speaker")
        OTHER = "other", _("Other input")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="suggestions", verbose_name=_("workshop")
    )
    member_state = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="workshop_suggestions",
        verbose_name=_("member state"),
        limit_choices_to={"kind": "government", "iom_status": "member_state"},
    )
    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workshop_suggestions",
        verbose_name=_("suggested by"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), help_text=_("Markdown."))
    description_html = models.TextField(_("description as sanitized HTML"), editable=False)
    speaker_name = models.CharField(_("name of the speaker"), max_length=200, blank=True)
    speaker_position = models.CharField(_("position"), max_length=300, blank=True)
    speaker_organization = models.CharField(_("organization"), max_length=300, blank=True)
    speaker_email = models.EmailField(_("e-mail address of the speaker"), blank=True)
    speaker_phone = models.CharField(_("telephone of the speaker"), max_length=40, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED
    )
    decision_reason = models.TextField(_("reason given"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    # One suggestion makes at most one speaker: "Add to the speakers" twice adds one.
    speaker = models.OneToOneField(
        Speaker,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggestion",
        verbose_name=_("speaker added"),
    )
    created_at = models.DateTimeField(_("submitted"), default=timezone.now)

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["workshop", "status"])]
        constraints = [
            models.CheckConstraint(
                name="suggested_speaker_has_a_name",
                condition=~Q(kind="speaker") | ~Q(speaker_name=""),
            ),
            models.CheckConstraint(
                name="suggestion_title_not_blank", condition=~Q(title__regex=r"^\s*$")
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("workshops:suggestion", kwargs={"pk": self.pk})

    @property
    def is_speaker(self):
        return self.kind == self.Kind.SPEAKER

    @property
    def is_open(self):
        """Waiting for the Secretariat's decision."""
        return self.status == self.Status.SUBMITTED

    @property
    def speaker_details(self):
        """ "Director, Ministry of Labour" """
        return ", ".join(
            part for part in (self.speaker_position, self.speaker_organization) if part
        )


class SuggestionEvent(models.Model):
    """What happened to a suggestion, in order: submitted, commented, accepted, declined,
    withdrawn, added to the speakers. The comments are a thread that the member state's focal
    points and the Secretariat both read; the other events are the history of its status."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        COMMENTED = "commented", _("Comment")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        SPEAKER_ADDED = "speaker_added", _("Added to the speakers")

    suggestion = models.ForeignKey(
        Suggestion, on_delete=models.CASCADE, related_name="events", verbose_name=_("suggestion")
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    by_secretariat = models.BooleanField(_("by the Secretariat"), default=False)
    text = models.TextField(_("text"), blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("event of a suggestion")
        verbose_name_plural = _("events of suggestions")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.suggestion} – {self.get_action_display()}"

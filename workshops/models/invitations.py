"""Personal invitations to a workshop and the Secretariat's text of them."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from idm_portal.core.models import Organization

from .registration import Registration
from .workshops import Workshop


def new_invitation_token():
    return secrets.token_urlsafe(24)


class Invitation(models.Model):
    """A personal invitation to a workshop, sent by e-mail through the outbox, answered with
    a link that carries ``token``.

    One source of truth for each half of its state: the invitation row keeps who is invited
    and their answer (``answer``, ``answered_at``); the delivery (queued, sending, sent,
    failed, attempts, last error, time sent) lives only on its ``mail`` (the outbox row).
    ``queries.invitations_with_status`` derives the status the Secretariat reads from both:
    accepted or declined once answered, else the mail's status, else queued."""

    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("invitation status", "Queued")
        SENDING = "sending", pgettext_lazy("invitation status", "Sending")
        SENT = "sent", pgettext_lazy("invitation status", "Sent")
        FAILED = "failed", pgettext_lazy("invitation status", "Failed")
        ACCEPTED = "accepted", pgettext_lazy("invitation status", "Accepted")
        DECLINED = "declined", pgettext_lazy("invitation status", "Declined")

    class Answer(models.TextChoices):
        NONE = "", _("Not answered")
        ACCEPTED = "accepted", pgettext_lazy("invitation answer", "Accepted")
        DECLINED = "declined", pgettext_lazy("invitation answer", "Declined")

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("workshop")
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    # Stored in lower case (a check constraint holds it), so that one address is invited once
    # per workshop however it is typed.
    email = models.EmailField(_("e-mail address"))
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("organization"),
    )
    organization_name = models.CharField(_("organization (as written)"), max_length=255, blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=settings.LANGUAGES, default="en"
    )
    token = models.CharField(
        _("answer token"),
        max_length=64,
        unique=True,
        default=new_invitation_token,
        editable=False,
    )
    send_at = models.DateTimeField(
        _("send at"), null=True, blank=True, help_text=_("Empty: not scheduled yet.")
    )
    mail = models.OneToOneField(
        "core.OutgoingMail",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invitation e-mail"),
    )
    answer = models.CharField(
        _("answer"), max_length=10, choices=Answer.choices, default=Answer.NONE, blank=True
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    registration = models.OneToOneField(
        Registration,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitation",
        verbose_name=_("registration"),
    )
    # An account the Secretariat allows to accept for the invited address (the invitee signs
    # in with another address); without it, only the account of the invited address may.
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("account allowed to accept"),
    )
    # Why the invitation could not be rendered into its e-mail (a template error, a bad
    # value); it is not rendered again until the Secretariat resends it.
    render_error = models.TextField(_("rendering error"), blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    reminder_mail = models.OneToOneField(
        "core.OutgoingMail",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reminder e-mail"),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("invited"), default=timezone.now)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["workshop", "email"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "email"], name="one_invitation_per_address"
            ),
            models.CheckConstraint(
                name="invitation_email_in_lower_case",
                condition=Q(email=models.functions.Lower("email")),
            ),
        ]
        indexes = [models.Index(fields=["workshop", "send_at"])]

    def __str__(self):
        return f"{self.email} – {self.workshop}"

    def get_answer_url(self):
        return reverse(
            "workshops:invitation_answer",
            kwargs={
                "year": self.workshop.idm_year.year,
                "slug": self.workshop.slug,
                "token": self.token,
            },
        )


class InvitationMessage(models.Model):
    """The Secretariat's text of a workshop's invitation in one language, with placeholders
    ({name}, {workshop}, {dates}, {venue}, {deadline}, {answer_link}). Without one, the
    portal's own text in that language is used."""

    workshop = models.ForeignKey(
        Workshop,
        on_delete=models.CASCADE,
        related_name="invitation_messages",
        verbose_name=_("workshop"),
    )
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=250)
    body = models.TextField(_("message"))
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )

    class Meta:
        verbose_name = _("invitation message")
        verbose_name_plural = _("invitation messages")
        ordering = ["workshop", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "language"], name="one_invitation_message_per_language"
            )
        ]

    def __str__(self):
        return f"{self.workshop} ({self.language})"

"""The API's tokens, and the webhooks that tell other systems of changes, with their
deliveries."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """A key another system (the travel unit, conference services, the website) uses to read
    or feed the portal through the API. Only the SHA-256 of the secret is kept; the secret
    is shown once, when the token is created. ``prefix`` is its visible start, to tell
    tokens apart in the list."""

    class Scope(models.TextChoices):
        READ_REGISTRATIONS = "registrations:read", _("Read registrations")
        WRITE_REGISTRATIONS = (
            "registrations:write",
            _("Approve, decline and check in registrations"),
        )
        INVITATIONS = "invitations", _("Invitations: list, add, send")
        SUGGESTIONS = "suggestions", _("Read suggestions of case studies and speakers")
        OUTBOX = "outbox", _("Read the outbox's status")
        READ_DELEGATIONS = "delegations:read", _("Read delegations and their members")

    name = models.CharField(_("system"), max_length=120, help_text=_("Who uses this token."))
    prefix = models.CharField(_("prefix"), max_length=16, unique=True, editable=False)
    digest = models.CharField(
        _("SHA-256 of the secret"), max_length=64, unique=True, editable=False
    )
    scopes = models.JSONField(_("scopes"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="api_tokens",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def is_active(self, now=None):
        return self.revoked_at is None and self.expires_at > (now or timezone.now())

    def has_scope(self, scope):
        return scope in self.scopes


class Webhook(models.Model):
    """A URL of another system that the portal tells of events (a registration made or
    changed, an invitation answered, an agenda release published, a voting round closed),
    each delivery signed with ``secret``."""

    class Event(models.TextChoices):
        REGISTRATION_CREATED = "registration.created", _("Registration created")
        REGISTRATION_CHANGED = "registration.changed", _("Registration changed")
        INVITATION_ANSWERED = "invitation.answered", _("Invitation answered")
        AGENDA_PUBLISHED = "agenda.published", _("Agenda release published")
        ROUND_CLOSED = "round.closed", _("Voting round closed")

    name = models.CharField(_("system"), max_length=120)
    url = models.URLField(_("URL"), max_length=500)
    secret = models.CharField(_("signing secret"), max_length=100)
    events = models.JSONField(_("events"), default=list)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["name", "pk"]

    def __str__(self):
        return f"{self.name} ({self.url})"


class WebhookDelivery(models.Model):
    """One event for one webhook, as the outbox keeps one e-mail: queued in the transaction
    that made the event, posted by the worker (claimed under a row lock), retried with
    back-off, its answers logged. Deliveries of one object are posted in order."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")

    uid = models.UUIDField(_("delivery id"), default=uuid.uuid4, unique=True, editable=False)
    webhook = models.ForeignKey(
        Webhook, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("webhook")
    )
    event = models.CharField(_("event"), max_length=40)
    object_key = models.CharField(_("object"), max_length=80)
    payload = models.JSONField(_("payload"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("last answer"), null=True, blank=True)
    last_response = models.TextField(_("last answer's body"), blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    replay_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["webhook", "object_key", "id"]),
        ]

    def __str__(self):
        return f"{self.event} {self.object_key} → {self.webhook}"

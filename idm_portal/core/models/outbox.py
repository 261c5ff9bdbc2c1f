"""The e-mail outbox, and the documents the worker makes and keeps by hash."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutgoingMail(models.Model):
    """One e-mail in the outbox: rendered once, sent by the worker, at most once."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        # Taken out of the queue before it went out (its workshop was cancelled or
        # postponed): never sent, never retried.
        WITHDRAWN = "withdrawn", _("Withdrawn")

    to = models.EmailField(_("to"))
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    template = models.CharField(_("template"), max_length=200)
    subject = models.CharField(_("subject"), max_length=300)
    body_text = models.TextField(_("plain text"))
    body_html = models.TextField(_("HTML"), blank=True)
    from_email = models.CharField(_("from"), max_length=254)
    message_id = models.CharField(_("Message-ID"), max_length=254, unique=True)
    attachments = models.JSONField(
        _("attachments"),
        default=list,
        blank=True,
        help_text=_("Filename, MIME type and base64 content of each attachment."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # Accounts: the links and keys withheld from subject and bodies (replaced there by
    # "[withheld secret N]"), encrypted (core/crypto.py); put back only in the message the
    # worker sends, and erased once it is sent.
    sealed_secrets = models.TextField(_("withheld secrets (encrypted)"), blank=True)

    class Meta:
        verbose_name = _("outgoing mail")
        verbose_name_plural = _("outgoing mails")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.subject} → {self.to}"


class StoredDocument(models.Model):
    """A document the worker made (a PDF or an export), kept under the hash of what shapes
    it: one row per kind and hash. Written by the worker only; the claim that a rendering
    was queued lives in the cache (``idm_portal.core.documents``), since a GET asks for it."""

    kind = models.CharField(_("kind"), max_length=40)
    digest = models.CharField(_("hash of what shapes it"), max_length=64)
    path = models.CharField(_("path in the storage"), max_length=255)
    queued_at = models.DateTimeField(_("queued"), default=timezone.now)
    made_at = models.DateTimeField(_("made"), null=True, blank=True)

    class Meta:
        verbose_name = _("stored document")
        verbose_name_plural = _("stored documents")
        constraints = [
            models.UniqueConstraint(fields=["kind", "digest"], name="one_stored_document_per_hash")
        ]

    def __str__(self):
        return self.path

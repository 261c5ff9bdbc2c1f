"""A workshop's agenda: sessions and their speakers, the published releases, the
documents of a workshop or session, and the personal calendar feeds of the sessions."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .workshops import Workshop


class Speaker(models.Model):
    """A person on an agenda: moderator, panellist, keynote speaker, chair or rapporteur."""

    title = models.CharField(
        _("title"), max_length=40, blank=True, help_text=_("Ms, Mr, Dr, H.E., ...")
    )
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=300, blank=True)
    organization = models.CharField(_("organization"), max_length=300, blank=True)
    biography = models.TextField(_("short biography"), blank=True)
    email = models.EmailField(
        _("e-mail address"),
        blank=True,
        help_text=_("Not published; used to tell the speaker when their sessions change."),
    )
    language = models.CharField(
        _("language of e-mails"), max_length=2, choices=settings.LANGUAGES, default="en"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["name"]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("workshops:speaker", kwargs={"pk": self.pk})

    @property
    def display_name(self):
        return f"{self.title} {self.name}".strip()


class Session(models.Model):
    """One item of a workshop's agenda, on one day, in time order."""

    class Kind(models.TextChoices):
        OPENING = "opening", _("Opening")
        KEYNOTE = "keynote", _("Keynote")
        PANEL = "panel", _("Panel")
        GENERAL_DISCUSSION = "general_discussion", _("General discussion")
        BREAK = "break", _("Break")
        LUNCH = "lunch", _("Lunch")
        CLOSING = "closing", _("Closing")

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("workshop")
    )
    uid = models.UUIDField(_("calendar UID"), default=uuid.uuid4, unique=True, editable=False)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("starts"))
    end_time = models.TimeField(_("ends"))
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PANEL)
    room = models.CharField(_("room"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("order within the day"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["date", "order", "start_time", "pk"]
        indexes = [models.Index(fields=["workshop", "date", "order"])]
        constraints = [
            models.CheckConstraint(
                name="session_ends_after_it_starts", condition=Q(end_time__gt=F("start_time"))
            )
        ]

    def __str__(self):
        return f"{self.date} {self.start_time:%H:%M} {self.title}"

    def clean(self):
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError(
                {"end_time": _("A session cannot end before it starts (or when it starts).")}
            )


class SessionSpeaker(models.Model):
    """A speaker's part in a session."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        MODERATOR = "moderator", _("Moderator")
        PANELLIST = "panellist", _("Panellist")
        KEYNOTE = "keynote", _("Keynote speaker")
        RAPPORTEUR = "rapporteur", _("Rapporteur")

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="speakers", verbose_name=_("session")
    )
    speaker = models.ForeignKey(
        Speaker, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("speaker")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PANELLIST)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("speaker of a session")
        verbose_name_plural = _("speakers of sessions")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "speaker"], name="speaker_once_per_session")
        ]

    def __str__(self):
        return f"{self.speaker} ({self.get_role_display()})"


class AgendaRelease(models.Model):
    """A published state of a workshop's agenda: release 1, 2, ... The public reads the
    latest release; the Secretariat edits the draft (the sessions) in between."""

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="releases", verbose_name=_("workshop")
    )
    number = models.PositiveIntegerField(_("release"))
    published_at = models.DateTimeField(_("published"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    sessions = models.JSONField(_("sessions"), default=list)
    changes = models.JSONField(_("changes since the previous release"), default=dict)
    content_hash = models.CharField(_("content hash"), max_length=64)

    class Meta:
        verbose_name = _("agenda release")
        verbose_name_plural = _("agenda releases")
        ordering = ["workshop", "-number"]
        get_latest_by = "number"
        constraints = [
            models.UniqueConstraint(fields=["workshop", "number"], name="one_release_number")
        ]

    def __str__(self):
        return f"{self.workshop} – release {self.number}"


def document_path(document, filename):
    return f"workshops/{document.workshop_id}/{uuid.uuid4().hex[:12]}-{filename}"


class Document(models.Model):
    """A file of a workshop or of one of its sessions: background paper, final agenda, list
    of participants, presentation, report."""

    class Kind(models.TextChoices):
        BACKGROUND_PAPER = "background_paper", _("Background paper")
        FINAL_AGENDA = "final_agenda", _("Final agenda")
        LIST_OF_PARTICIPANTS = "list_of_participants", _("List of participants")
        PRESENTATION = "presentation", _("Presentation")
        REPORT = "report", _("Report")
        OTHER = "other", _("Other")

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="documents", verbose_name=_("workshop")
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("session"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    language = models.CharField(
        _("language"), max_length=2, choices=settings.LANGUAGES, default="en"
    )
    file = models.FileField(_("file"), upload_to=document_path, max_length=300)
    file_type = models.CharField(_("file type"), max_length=10)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    is_public = models.BooleanField(_("public"), default=True)
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["kind", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("workshops:document", kwargs={"pk": self.pk})

    @property
    def filename(self):
        return self.file.name.rsplit("/", 1)[-1].split("-", 1)[-1]


class CalendarFeed(models.Model):
    """A person's private calendar feed: the sessions of the workshops they registered for.
    The feed's URL carries a secret token that is shown once; only its SHA-256 is kept
    (the token is 32 random bytes: a fast hash is enough). A reset replaces the hash, and the
    old URL answers 404."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("person"),
    )
    token_hash = models.CharField(_("hash of the token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return f"{self.person} – calendar feed"

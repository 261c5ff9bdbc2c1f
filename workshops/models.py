"""Intersessional workshops of an IDM year, their agendas (sessions, speakers, releases)
and documents."""

import datetime as dt
import secrets
import uuid
import zoneinfo
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from idm_portal.core.models import IdmYear, Organization


@lru_cache(maxsize=64)
def zone_or_none(name):
    """The ZoneInfo called ``name``, or None when there is no such zone."""
    if not name or name not in available_time_zones():
        return None
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


@lru_cache(maxsize=1)
def available_time_zones():
    """Every IANA zone name this server knows (``zoneinfo.available_timezones()``, which
    reads the tz database: cached)."""
    return frozenset(zoneinfo.available_timezones())


def time_zone_choices():
    """(name, name) for every IANA zone, sorted: the list the Secretariat picks from."""
    return [(name, name) for name in sorted(available_time_zones()) if "/" in name or name == "UTC"]


# Whole phrases, so that each language may agree and order its words.
ORDINAL_TITLES = {
    1: _("First intersessional workshop"),
    2: _("Second intersessional workshop"),
    3: _("Third intersessional workshop"),
    4: _("Fourth intersessional workshop"),
    5: _("Fifth intersessional workshop"),
    6: _("Sixth intersessional workshop"),
}


class Workshop(models.Model):
    """An IDM intersessional workshop: "the first IDM intersessional workshop for 2009 took
    place in Geneva on 25 and 26 March 2009"."""

    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("workshop status", "Planned")
        SUBJECT_TO_FUNDING = "subject_to_funding", _("Subject to the availability of funding")
        CONFIRMED = "confirmed", _("Confirmed")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")
        POSTPONED = "postponed", _("Postponed")

    idm_year = models.ForeignKey(
        IdmYear, on_delete=models.PROTECT, related_name="workshops", verbose_name=_("IDM year")
    )
    ordinal = models.PositiveSmallIntegerField(
        _("ordinal"), help_text=_("1 for the first intersessional workshop of the year, ...")
    )
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=120)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100)
    time_zone = models.CharField(
        _("time zone of the venue"),
        max_length=64,
        default="Europe/Zurich",
        help_text=_("An IANA name such as Europe/Zurich: dates and times are in this zone."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    registration_opens = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes = models.DateTimeField(_("registration closes"), null=True, blank=True)
    requires_approval = models.BooleanField(
        _("registrations need the Secretariat's approval"), default=False
    )
    quota_per_delegation = models.PositiveSmallIntegerField(
        _("at most per government delegation"), null=True, blank=True
    )
    description = models.TextField(_("description"), blank=True)
    is_published = models.BooleanField(_("published"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ["start_date", "ordinal"]
        constraints = [
            models.UniqueConstraint(fields=["idm_year", "slug"], name="workshop_slug_per_year"),
            models.UniqueConstraint(
                fields=["idm_year", "ordinal"], name="workshop_ordinal_per_year"
            ),
            models.CheckConstraint(
                name="workshop_ends_after_it_starts", condition=Q(end_date__gte=F("start_date"))
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("workshops:detail", kwargs={"year": self.idm_year.year, "slug": self.slug})

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The workshop cannot end before it starts.")})
        if (
            self.registration_opens
            and self.registration_closes
            and self.registration_closes <= self.registration_opens
        ):
            raise ValidationError(
                {"registration_closes": _("Registration must close after it opens.")}
            )

    @property
    def zone_is_known(self):
        """Whether ``time_zone`` names a zone this server knows (a zone written directly in
        the database, or removed from the tz database, may not)."""
        return zone_or_none(self.time_zone) is not None

    @property
    def zone(self):
        """The venue's time zone; the portal's own (settings.TIME_ZONE) when the stored name
        is not a known zone, so that no page, calendar file or PDF fails on it."""
        return zone_or_none(self.time_zone) or zone_or_none(settings.TIME_ZONE) or dt.UTC

    @property
    def zone_name(self):
        """The name of the zone in which times are shown (the fallback's when unknown)."""
        return self.time_zone if self.zone_is_known else str(self.zone)

    @property
    def zone_label(self):
        """What "(… time)" says after a time: the city, or the fallback zone's name when
        the venue's zone is unknown."""
        return self.city if self.zone_is_known else self.zone_name

    @property
    def ordinal_title(self):
        """ "First intersessional workshop", ..., in the active language."""
        if self.ordinal in ORDINAL_TITLES:
            return ORDINAL_TITLES[self.ordinal]
        return gettext("Intersessional workshop %(number)d") % {"number": self.ordinal}

    @property
    def is_single_day(self):
        return self.start_date == self.end_date


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


# --- Invitations ---


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


# --- Suggestions of case studies and speakers for a workshop ---


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


# --- Visa support letters ---


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


# --- The day in the room: statements, lists of speakers, turnout reminders ---


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


# --- Personal calendar feeds ---


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

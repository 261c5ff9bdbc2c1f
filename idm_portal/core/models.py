"""The ground floor: people, organizations, member states and their focal points, the IDM
year and its overarching theme, and the e-mail outbox."""

import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email, password, **fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **fields):
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **fields)

    def create_superuser(self, email, password=None, **fields):
        fields["is_staff"] = True
        fields["is_superuser"] = True
        return self._create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account: the e-mail address is the login."""

    email = models.EmailField(_("e-mail address"), unique=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=2,
        choices=settings.LANGUAGES,
        default="en",
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("may open the admin site"),
        default=False,
        help_text=_("Set for Secretariat members by the Secretariat role."),
    )
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self):
        return f"{self.name} <{self.email}>" if self.name else self.email

    def get_full_name(self):
        return self.name or self.email

    def get_short_name(self):
        return self.name.split(" ")[0] if self.name else self.email


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


class RoleChange(models.Model):
    """Accounts: one grant or revocation of a Secretariat role, who made it and when. Written
    by services/accounts.py only; never changed."""

    class Action(models.TextChoices):
        GRANTED = "granted", pgettext_lazy("role", "Granted")
        REVOKED = "revoked", pgettext_lazy("role", "Revoked")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="role_changes",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=150)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="role_changes_made",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("role change")
        verbose_name_plural = _("role changes")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.role} {self.action} {self.user} ({self.actor}, {self.at:%Y-%m-%d %H:%M})"


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
    changed, an agenda release published), each delivery signed with ``secret``."""

    class Event(models.TextChoices):
        REGISTRATION_CREATED = "registration.created", _("Registration created")
        REGISTRATION_CHANGED = "registration.changed", _("Registration changed")
        INVITATION_ANSWERED = "invitation.answered", _("Invitation answered")
        AGENDA_PUBLISHED = "agenda.published", _("Agenda release published")

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

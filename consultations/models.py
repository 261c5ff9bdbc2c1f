"""Consultations of the membership: the informal consultations on the IDM (theme proposals,
voting rounds and discussion notes arrive with their issues)."""

import re
import uuid

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from idm_portal.core.markdown import safe_markdown
from idm_portal.core.models import IdmYear, Organization

# The usual place of the meetings, in the three languages (Meeting.place is translated).
GENEVA = {"place_en": "Geneva", "place_fr": "Genève", "place_es": "Ginebra"}


class Meeting(models.Model):
    """A meeting of the membership on the IDM, such as the Informal Consultations on
    International Dialogue on Migration of 28 April 2009."""

    idm_year = models.ForeignKey(
        IdmYear, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("IDM year")
    )
    title = models.CharField(_("title"), max_length=300)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=100, default="Geneva")
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["title", "date"], name="one_meeting_per_title_and_day")
        ]

    def __str__(self):
        return f"{self.title} ({date_format(self.date, 'DATE_FORMAT')})"


# --- Theme consultations: proposals, suggestions, voting rounds, adoption ---

RATIONALE_MAX_LENGTH = 10_000


def rationale_html(text):
    """A rationale's Markdown as sanitized HTML."""
    return safe_markdown(text)


class ThemeProposal(models.Model):
    """A proposed overarching theme for a coming IDM year, such as "(a) South-South
    Migration" for IDM 2010."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for vote")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        SELECTED = "selected", _("Selected")

    target_year = models.PositiveSmallIntegerField(_("IDM year"))
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("short summary"), max_length=500, blank=True)
    rationale = models.TextField(_("rationale (Markdown)"), max_length=RATIONALE_MAX_LENGTH)
    proposing_state = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="theme_proposals",
        verbose_name=_("proposed by the member state"),
        help_text=_("Empty: proposed by the Administration."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("theme proposal")
        verbose_name_plural = _("theme proposals")
        ordering = ["-target_year", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["target_year", "title"], name="one_theme_proposal_per_title_and_year"
            )
        ]

    def __str__(self):
        return f"{self.title} (IDM {self.target_year})"

    @property
    def proposed_by(self):
        return str(self.proposing_state) if self.proposing_state_id else _("the Administration")

    @property
    def rationale_html(self):
        return rationale_html(self.rationale)


class ThemeSuggestion(models.Model):
    """An alternative theme suggested by a member state (through a focal point)."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        MERGED = "merged", _("Merged into another suggestion")
        ON_BALLOT = "on_ballot", _("Put on the ballot")

    target_year = models.PositiveSmallIntegerField(_("IDM year"))
    member_state = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="theme_suggestions",
        verbose_name=_("member state"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    title = models.CharField(_("title"), max_length=200)
    rationale = models.TextField(_("rationale (Markdown)"), max_length=RATIONALE_MAX_LENGTH)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged",
        verbose_name=_("merged into"),
    )
    proposal = models.OneToOneField(
        ThemeProposal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggestion",
        verbose_name=_("proposal on the ballot"),
    )
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    class Meta:
        verbose_name = _("theme suggestion")
        verbose_name_plural = _("theme suggestions")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.title} ({self.member_state})"

    @property
    def rationale_html(self):
        return rationale_html(self.rationale)


class VotingRound(models.Model):
    """The membership selects the overarching theme of ``target_year`` among its proposals:
    one ballot per member state."""

    class Method(models.TextChoices):
        SINGLE = "single", _("Single choice")
        RANKED = "ranked", _("Ranked choice (instant run-off)")

    class Secrecy(models.TextChoices):
        NAMED = "named", _("Named ballot")
        SECRET = "secret", _("Secret ballot")

    target_year = models.PositiveSmallIntegerField(_("IDM year"))
    title = models.CharField(_("title"), max_length=200)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    method = models.CharField(
        _("method"), max_length=10, choices=Method.choices, default=Method.SINGLE
    )
    secrecy = models.CharField(
        _("ballot secrecy"), max_length=10, choices=Secrecy.choices, default=Secrecy.NAMED
    )
    quorum_percent = models.PositiveSmallIntegerField(
        _("quorum (per cent of member states)"), default=50
    )
    allow_abstain = models.BooleanField(_("member states may abstain"), default=True)
    proposals = models.ManyToManyField(
        ThemeProposal, related_name="voting_rounds", verbose_name=_("proposals")
    )
    eligible_count = models.PositiveIntegerField(
        _("member states eligible"),
        null=True,
        blank=True,
        help_text=_("Fixed the minute after the round closes."),
    )
    adopted_proposal = models.ForeignKey(
        ThemeProposal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("adopted theme"),
    )
    adopted_at = models.DateTimeField(_("adopted"), null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("adopted by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("voting round")
        verbose_name_plural = _("voting rounds")
        ordering = ["-closes_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="voting_round_closes_after_it_opens", condition=Q(closes_at__gt=F("opens_at"))
            ),
            models.CheckConstraint(
                name="voting_round_quorum_is_a_share", condition=Q(quorum_percent__lte=100)
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_secret(self):
        return self.secrecy == self.Secrecy.SECRET

    @property
    def is_ranked(self):
        return self.method == self.Method.RANKED

    def is_open(self, now=None):
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def is_closed(self, now=None):
        return (now or timezone.now()) >= self.closes_at


class Ballot(models.Model):
    """A member state's participation in a round: one per member state and round. In a named
    round it holds the choice; in a secret round the choice is a ``SecretChoice`` with no
    link back here."""

    round = models.ForeignKey(
        VotingRound, on_delete=models.CASCADE, related_name="ballots", verbose_name=_("round")
    )
    member_state = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="ballots",
        verbose_name=_("member state"),
    )
    cast_at = models.DateTimeField(_("cast"))
    changed_at = models.DateTimeField(_("last changed"), null=True, blank=True)
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("cast by"),
    )
    # Named rounds only: the proposals' primary keys, most preferred first; [] = abstention.
    ranking = models.JSONField(_("choice"), null=True, blank=True)
    recorded_on_behalf = models.BooleanField(_("recorded by the Secretariat"), default=False)
    note_verbale = models.CharField(_("note verbale"), max_length=100, blank=True)
    # The random token of the form that cast or last changed the ballot: the same form
    # posted twice (a double click) changes nothing.
    submission = models.CharField(max_length=40, blank=True, editable=False)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        ordering = ["member_state__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "member_state"], name="one_ballot_per_member_state_and_round"
            )
        ]

    def __str__(self):
        return f"{self.member_state} – {self.round}"


class HeldSecretChoice(models.Model):
    """A secret choice on its way to the ballot box: written in a transaction of its own,
    after the one that recorded the member state's participation, and moved to the box by
    the worker (``consultations.services.ballot_box``). A random key, the round and the
    ranking, nothing else."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(VotingRound, on_delete=models.CASCADE, related_name="held_choices")
    ranking = models.JSONField(_("choice"))

    class Meta:
        verbose_name = _("held secret choice")
        verbose_name_plural = _("held secret choices")

    def __str__(self):
        return str(self.pk)


class SecretChoice(models.Model):
    """The ballot box of a secret round: a random key, the round and the ranking, nothing
    else (no member state, no ballot, no time). Its rows are rewritten together, in a
    random order, each time the worker moves held choices in."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(VotingRound, on_delete=models.CASCADE, related_name="secret_choices")
    ranking = models.JSONField(_("choice"))

    class Meta:
        verbose_name = _("secret choice")
        verbose_name_plural = _("secret choices")

    def __str__(self):
        return str(self.pk)


class BallotEvent(models.Model):
    """The audit trail of a round: every cast and change of a ballot, who and when; for a
    secret round, never what was chosen."""

    class Action(models.TextChoices):
        CAST = "cast", _("Ballot cast")
        CHANGED = "changed", _("Ballot changed")

    round = models.ForeignKey(
        VotingRound, on_delete=models.CASCADE, related_name="events", verbose_name=_("round")
    )
    member_state = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("member state")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    at = models.DateTimeField(_("when"), default=timezone.now)
    recorded_on_behalf = models.BooleanField(_("recorded by the Secretariat"), default=False)
    note_verbale = models.CharField(_("note verbale"), max_length=100, blank=True)
    choice = models.CharField(_("choice"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("ballot event")
        verbose_name_plural = _("ballot events")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()}: {self.member_state_id} ({self.at:%Y-%m-%d %H:%M})"


class VoteReminder(models.Model):
    """A reminder sent to the focal points of a member state that had not voted: at most
    one per member state and round."""

    round = models.ForeignKey(VotingRound, on_delete=models.CASCADE, related_name="reminders")
    member_state = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("vote reminder")
        verbose_name_plural = _("vote reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "member_state"], name="one_vote_reminder_per_member_state"
            )
        ]

    def __str__(self):
        return f"{self.round_id}/{self.member_state_id}"


# --- Discussion notes ---


NOTE_LANGUAGES = [("en", _("English")), ("fr", _("French")), ("es", _("Spanish"))]


def note_slug(symbol):
    """The symbol as it appears in a URL: IC/2009/5 -> ic-2009-5."""
    return re.sub(r"[^a-z0-9.]+", "-", symbol.lower()).strip("-")


class DiscussionNote(models.Model):
    """A discussion note of the Administration to the membership, in one language, such as
    IC/2009/5 (Original: English), issued in Geneva on 17 April 2009 for the informal
    consultations of 28 April 2009. Its language versions share its symbol."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    symbol = models.CharField(
        _("symbol"),
        max_length=40,
        validators=[
            RegexValidator(
                r"^[A-Z][A-Za-z0-9]*(/[A-Za-z0-9.-]+)+$",
                _("A symbol is written like IC/2009/5: letters, digits and slashes."),
            )
        ],
    )
    slug = models.SlugField(_("slug"), max_length=60, editable=False)
    language = models.CharField(_("language"), max_length=2, choices=NOTE_LANGUAGES)
    original_language = models.CharField(
        _("original language"), max_length=2, choices=NOTE_LANGUAGES, default="en"
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="notes", verbose_name=_("meeting")
    )
    meeting_heading = models.CharField(
        _("meeting heading"),
        max_length=300,
        help_text=_("As printed: INFORMAL CONSULTATIONS ON INTERNATIONAL DIALOGUE ON MIGRATION"),
    )
    place = models.CharField(_("place of issue"), max_length=100, default="Geneva")
    issue_date = models.DateField(_("date of issue"))
    meeting_date = models.DateField(_("meeting date"))
    title = models.CharField(_("title"), max_length=300)
    subtitle = models.CharField(_("subtitle"), max_length=300, blank=True)
    body = models.TextField(
        _("body (Markdown)"),
        help_text=_(
            "One paragraph per block, separated by a blank line; paragraphs are numbered for "
            "you. ## for a heading, **bold**, *italics*, [^1] to call a footnote and "
            "[^1]: at the start of a line to write it."
        ),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("discussion note")
        verbose_name_plural = _("discussion notes")
        ordering = ["-issue_date", "symbol", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["symbol", "language"], name="one_discussion_note_per_symbol_and_language"
            ),
            models.UniqueConstraint(
                fields=["slug", "language"], name="one_discussion_note_per_slug_and_language"
            ),
        ]

    def __str__(self):
        return f"{self.symbol} ({self.language.upper()})"

    def get_absolute_url(self):
        return reverse("consultations:note", args=[self.slug, self.language])

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    def language_versions(self):
        """The other language versions of this note (its symbol in other languages)."""
        return DiscussionNote.objects.filter(symbol=self.symbol).exclude(pk=self.pk)

"""Discussion notes of the Administration to the membership, one row per language version
of a symbol (IC/2009/5 in English, French and Spanish)."""

import re

from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .meetings import Meeting

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

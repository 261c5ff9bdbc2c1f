"""Theme consultations: the proposed overarching themes for a coming IDM year and the
member states' suggestions of themes."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from idm_portal.core.markdown import safe_markdown
from idm_portal.core.models import Organization

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

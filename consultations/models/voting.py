"""Voting rounds on the theme proposals: ballots, held and secret choices, the events of
a round, and reminders to vote."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from idm_portal.core.models import Organization

from .themes import ThemeProposal


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

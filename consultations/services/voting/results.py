"""Results of a closed round: the eligible count fixed at the close, the rankings, the
count, and the adoption of the winning theme."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations import tally
from consultations.models import Ballot, HeldSecretChoice, SecretChoice, ThemeProposal, VotingRound
from idm_portal.core import queries as core_queries
from idm_portal.core import roles
from idm_portal.core.services.years import set_overarching_theme
from idm_portal.core.templatetags.idm import geneva_time  # one way to write a moment

from .rounds import ResultSealed, candidates


def fix_eligible_counts(*, now=None):
    """Fix the number of eligible member states of every round that has closed and has none
    yet, as the membership stands now (Celery beat's ``consultations.close_due_rounds``,
    every minute: at most a minute after the close). Returns how many rounds were fixed."""
    from consultations.services.closing import record_closes  # it tells the systems too

    return record_closes(now=now)


def _eligible(voting_round):
    """The number of member states fixed at the close; until the beat has fixed it (the
    minute after the close), the membership as it stands, counted without writing."""
    if voting_round.eligible_count is None:
        return core_queries.member_states().count()
    return voting_round.eligible_count


def rankings(voting_round):
    """Every ranking of the round (secret: those in the ballot box, in the random order of
    their keys, and those still held for the worker to move: a count reads both, so that a
    results page counts every ballot without writing anything)."""
    if voting_round.is_secret:
        box = SecretChoice.objects.filter(round=voting_round).order_by("id")
        held = HeldSecretChoice.objects.filter(round=voting_round).order_by("id")
        return [row.ranking or [] for rows in (box, held) for row in rows.only("ranking")]
    else:
        rows = Ballot.objects.filter(round=voting_round).order_by("pk")
    return [row.ranking or [] for row in rows.only("ranking")]


def result_of(voting_round, *, now=None):
    """The count of a closed round (a tally.Result keyed by proposal pk); ResultSealed
    before the close, for everyone."""
    if not voting_round.is_closed(now):
        raise ResultSealed
    count = tally.count_instant_runoff if voting_round.is_ranked else tally.count_single_choice
    return count(
        rankings(voting_round),
        candidates=candidates(voting_round),
        eligible=_eligible(voting_round),
        quorum_percent=voting_round.quorum_percent,
    )


def adopt_theme(voting_round, *, proposal, actor):
    """The Secretariat adopts the winner of a closed round (or, after a tie, one of the tied
    proposals): it becomes the overarching theme of the round's IDM year, which is created if
    need be. Once only. Returns the round."""
    if not roles.can_run_consultations(actor):
        raise PermissionDenied
    with transaction.atomic():
        voting_round = VotingRound.objects.select_for_update().get(pk=voting_round.pk)
        if voting_round.adopted_at is not None:
            raise ValidationError(
                _("This round's theme was already adopted on %(when)s: %(theme)s.")
                % {
                    "when": geneva_time(voting_round.adopted_at),
                    "theme": voting_round.adopted_proposal.title,
                }
            )
        if voting_round.eligible_count is None and voting_round.is_closed():
            fix_eligible_counts()
            voting_round.refresh_from_db(fields=["eligible_count"])
        try:
            result = result_of(voting_round)
        except ResultSealed as error:
            raise ValidationError(
                _("The round closes on %(closes)s; a theme can be adopted only after the close.")
                % {"closes": geneva_time(voting_round.closes_at)}
            ) from error
        if not result.quorum_met:
            raise ValidationError(_("The quorum was not met: no theme can be adopted."))
        allowed = {result.winner} if result.winner is not None else set(result.tied)
        if not allowed:
            raise ValidationError(_("No proposal received a vote: there is nothing to adopt."))
        if proposal.pk not in allowed:
            raise ValidationError(
                _("Only the winner of the round (or a tied proposal) can be adopted.")
            )
        set_overarching_theme(voting_round.target_year, theme=proposal.title, actor=actor)
        voting_round.adopted_proposal = proposal
        voting_round.adopted_at = timezone.now()
        voting_round.adopted_by = actor
        voting_round.save(update_fields=["adopted_proposal", "adopted_at", "adopted_by"])
        ThemeProposal.objects.filter(pk=proposal.pk).update(status=ThemeProposal.Status.SELECTED)
    return voting_round

"""Voting rounds: the errors a round answers, its window, scheduling and rescheduling a
round, and the proposals on its ballot."""

import logging
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consultations.models import ThemeProposal, VotingRound
from consultations.services.themes import clean_text
from idm_portal.core import roles
from idm_portal.core.templatetags.idm import geneva_time  # one way to write a moment

logger = logging.getLogger(__package__)  # consultations.services.voting, as before the split

# Times in messages and e-mails: the Secretariat's, in Geneva.
GENEVA = ZoneInfo("Europe/Zurich")
NOTE_VERBALE_MAX_LENGTH = 100


class VotingClosed(ValidationError):
    """The round is not open (yet, or any more)."""


class BallotLocked(ValidationError):
    """A secret ballot, once cast, cannot be changed."""


class UnknownProposal(ValueError):
    """A proposal that is not on this round's ballot (a forged or stale form)."""


class ResultSealed(Exception):
    """The result of a round is nobody's before its close."""

    message = gettext_lazy("The result is sealed until the round closes.")


def window_error(voting_round, now=None):
    """The sentence that says why the round takes no ballot, or None when it is open."""
    now = now or timezone.now()
    if now < voting_round.opens_at:
        return _("Voting has not opened yet: it opens on %(opens)s and closes on %(closes)s.") % {
            "opens": geneva_time(voting_round.opens_at),
            "closes": geneva_time(voting_round.closes_at),
        }
    if now >= voting_round.closes_at:
        return _("Voting is closed: it closed on %(closes)s.") % {
            "closes": geneva_time(voting_round.closes_at)
        }
    return None


def schedule_round(
    target_year,
    *,
    title,
    opens_at,
    closes_at,
    proposals,
    actor,
    method=VotingRound.Method.SINGLE,
    secrecy=VotingRound.Secrecy.NAMED,
    quorum_percent=50,
    allow_abstain=True,
    title_fr=None,
    title_es=None,
):
    """The Secretariat opens a voting round on ``proposals`` (two or more, of the same IDM
    year, not withdrawn); they become open for vote. ``title`` is English; ``title_fr`` and
    ``title_es`` (empty: none yet) the French and Spanish. Returns the VotingRound."""
    if not roles.can_run_consultations(actor):
        raise PermissionDenied
    title = clean_text(title, label=_("The title"), max_length=200)
    other_titles = _other_titles(title_fr, title_es)
    proposals = list(proposals)
    _check_round(target_year, opens_at, closes_at, quorum_percent, proposals)
    with transaction.atomic():
        voting_round = VotingRound.objects.create(
            target_year=target_year,
            title_en=title,
            **other_titles,
            opens_at=opens_at,
            closes_at=closes_at,
            method=method,
            secrecy=secrecy,
            quorum_percent=quorum_percent,
            allow_abstain=allow_abstain,
        )
        voting_round.proposals.set(proposals)
        ThemeProposal.objects.filter(
            pk__in=[p.pk for p in proposals], status=ThemeProposal.Status.DRAFT
        ).update(status=ThemeProposal.Status.OPEN)
    return voting_round


def _other_titles(title_fr, title_es):
    """{"title_fr": ..., "title_es": ...}: the French and Spanish titles, None when empty."""
    return {
        f"title_{code}": clean_text(text, label=_("The title"), max_length=200, required=False)
        or None
        for code, text in (("fr", title_fr), ("es", title_es))
    }


def _check_round(target_year, opens_at, closes_at, quorum_percent, proposals):
    errors = []
    if closes_at <= opens_at:
        errors.append(_("The round must close after it opens."))
    if not 0 <= quorum_percent <= 100:
        errors.append(_("The quorum is a share between 0 and 100 %."))
    if len(proposals) < 2:
        errors.append(_("A round needs at least two proposals."))
    if any(p.target_year != target_year for p in proposals):
        errors.append(_("Every proposal must be for IDM %(year)s.") % {"year": target_year})
    if any(
        p.status in (ThemeProposal.Status.WITHDRAWN, ThemeProposal.Status.SELECTED)
        for p in proposals
    ):
        errors.append(_("A withdrawn or selected proposal cannot go on a ballot."))
    if errors:
        raise ValidationError(errors)


# What the member states were told when the round opened: fixed from then on.
ANNOUNCED_FIELDS = (
    "target_year",
    "opens_at",
    "method",
    "secrecy",
    "quorum_percent",
    "allow_abstain",
)


def reschedule_round(
    voting_round, *, actor, title, proposals, closes_at, title_fr=None, title_es=None, **announced
):
    """The Secretariat changes a voting round. Before it opens (and before any ballot),
    everything may change; once open, only its title and its closing time, which may not be
    in the past; once closed, nothing. ``announced`` holds the ANNOUNCED_FIELDS; the title is
    English, ``title_fr`` and ``title_es`` French and Spanish. Returns the round."""
    if not roles.can_run_consultations(actor):
        raise PermissionDenied
    title = clean_text(title, label=_("The title"), max_length=200)
    other_titles = _other_titles(title_fr, title_es)
    proposals = list(proposals)
    with transaction.atomic():
        voting_round = VotingRound.objects.select_for_update().get(pk=voting_round.pk)
        now = timezone.now()
        if voting_round.is_closed(now):
            raise ValidationError(_("This round has closed: it can no longer change."))
        if voting_round.opens_at <= now or voting_round.ballots.exists():
            changed = [
                name for name in ANNOUNCED_FIELDS if announced[name] != getattr(voting_round, name)
            ]
            if changed or set(proposals) != set(voting_round.proposals.all()):
                raise ValidationError(
                    _(
                        "The round is open: only its title and its closing time may change, "
                        "since the member states vote on what was announced."
                    )
                )
            if closes_at <= now:
                raise ValidationError(
                    _("The new closing time, %(closes)s, has passed already.")
                    % {"closes": geneva_time(closes_at)}
                )
        _check_round(
            announced["target_year"],
            announced["opens_at"],
            closes_at,
            announced["quorum_percent"],
            proposals,
        )
        changes = {**announced, "title_en": title, **other_titles, "closes_at": closes_at}
        for name, value in changes.items():
            setattr(voting_round, name, value)
        voting_round.save()
        voting_round.proposals.set(proposals)
        ThemeProposal.objects.filter(
            pk__in=[p.pk for p in proposals], status=ThemeProposal.Status.DRAFT
        ).update(status=ThemeProposal.Status.OPEN)
    logger.info("Voting round %s changed by %s", voting_round.pk, actor.pk)
    return voting_round


def candidates(voting_round):
    """The primary keys of the round's proposals, in ballot order."""
    return list(voting_round.proposals.order_by("order", "pk").values_list("pk", flat=True))

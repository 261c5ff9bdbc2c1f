"""Voting rounds: schedule a round, cast or change a ballot (a focal point) or record it from
a note verbale (the Secretariat), count it after the close, adopt the winning theme, and
remind the member states that have not voted.

One ballot per member state and round is a database constraint; two focal points of the
same state who vote at the same instant meet at that constraint: the second waits for the
first, then changes the ballot (named round) or is told it is cast (secret round).

In a secret round the ``Ballot`` row and its audit row keep only that the state took part;
the choice is written after they commit, in a transaction of its own, and moved to the
ballot box by the worker (see ``consultations.services.ballot_box``).
"""

import datetime as dt
import logging
from functools import partial
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consultations import tally
from consultations.models import (
    Ballot,
    BallotEvent,
    HeldSecretChoice,
    SecretChoice,
    ThemeProposal,
    VoteReminder,
    VotingRound,
)
from consultations.services import ballot_box
from consultations.services.themes import clean_text
from idm_portal.core import queries as core_queries
from idm_portal.core import roles
from idm_portal.core.links import absolute_url
from idm_portal.core.services.outbox import queue_mail
from idm_portal.core.services.years import set_overarching_theme
from idm_portal.core.templatetags.idm import geneva_time  # one way to write a moment

logger = logging.getLogger(__name__)

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


def check_ranking(voting_round, ranking):
    """The ranking as a list of proposal keys, or an error: UnknownProposal for a proposal
    that is not on this ballot, ValidationError for a ranking the method does not allow."""
    ranking = [int(pk) for pk in ranking]
    on_ballot = set(candidates(voting_round))
    if set(ranking) - on_ballot:
        raise UnknownProposal(sorted(set(ranking) - on_ballot))
    if len(set(ranking)) != len(ranking):
        raise ValidationError(_("A proposal may be ranked only once."))
    if not ranking and not voting_round.allow_abstain:
        raise ValidationError(_("Choose a proposal: this round does not allow abstention."))
    if not voting_round.is_ranked and len(ranking) > 1:
        raise ValidationError(_("Choose one proposal only."))
    return ranking


def _choice_text(voting_round, ranking):
    if not ranking:
        return _("Abstention")
    titles = dict(ThemeProposal.objects.filter(pk__in=ranking).values_list("pk", "title"))
    return " > ".join(titles[pk] for pk in ranking)


def cast_ballot(voting_round, *, member_state, ranking, actor, submission=""):
    """A focal point casts, or changes, the ballot of its member state. ``ranking`` lists
    proposal keys, most preferred first ([] to abstain). The same form posted twice
    (``submission``) changes nothing. Returns (ballot, changed)."""
    if not roles.can_vote_for(actor, member_state):
        raise PermissionDenied
    return _cast(voting_round, member_state, ranking, actor, submission, note_verbale="")


def record_ballot(voting_round, *, member_state, ranking, note_verbale, actor, submission=""):
    """The Secretariat records the ballot a member state sent by note verbale (its reference
    is kept, and the ballot is marked as recorded by the Secretariat). Returns (ballot,
    changed)."""
    if not roles.can_record_ballot_for(actor, member_state):
        raise PermissionDenied
    note_verbale = clean_text(
        note_verbale, label=_("The reference of the note verbale"), max_length=100
    )
    return _cast(voting_round, member_state, ranking, actor, submission, note_verbale)


def _cast(voting_round, member_state, ranking, actor, submission, note_verbale):
    now = timezone.now()
    closed = window_error(voting_round, now)
    if closed:
        raise VotingClosed(closed)
    ranking = check_ranking(voting_round, ranking)
    secret = voting_round.is_secret
    on_behalf = bool(note_verbale)
    event = {
        "round": voting_round,
        "member_state": member_state,
        "actor": actor,
        "at": now,
        "recorded_on_behalf": on_behalf,
        "note_verbale": note_verbale,
        "choice": "" if secret else _choice_text(voting_round, ranking),
    }
    with transaction.atomic():
        try:
            with transaction.atomic():
                ballot = Ballot.objects.create(
                    round=voting_round,
                    member_state=member_state,
                    cast_at=now,
                    cast_by=actor,
                    ranking=None if secret else ranking,
                    recorded_on_behalf=on_behalf,
                    note_verbale=note_verbale,
                    submission=submission,
                )
        except IntegrityError:
            # Another focal point of this state cast it first (maybe at this instant: the
            # insert waited for that transaction). Take the ballot under a lock.
            ballot = Ballot.objects.select_for_update().get(
                round=voting_round, member_state=member_state
            )
        else:
            if secret:
                # Not in this transaction, which names the state: in one of its own, after.
                transaction.on_commit(partial(ballot_box.hold_choice, voting_round.pk, ranking))
            BallotEvent.objects.create(action=BallotEvent.Action.CAST, **event)
            return ballot, True
        if submission and ballot.submission == submission:
            return ballot, False  # the same form again: a double click
        if secret:
            raise BallotLocked(
                _(
                    "The secret ballot of %(state)s was cast on %(when)s; a secret ballot "
                    "cannot be changed."
                )
                % {"state": member_state, "when": geneva_time(ballot.cast_at)}
            )
        if ballot.ranking == ranking and ballot.note_verbale == note_verbale:
            return ballot, False
        ballot.ranking = ranking
        ballot.changed_at = now
        ballot.cast_by = actor
        ballot.recorded_on_behalf = on_behalf
        ballot.note_verbale = note_verbale
        ballot.submission = submission
        ballot.save(
            update_fields=[
                "ranking",
                "changed_at",
                "cast_by",
                "recorded_on_behalf",
                "note_verbale",
                "submission",
            ]
        )
        BallotEvent.objects.create(action=BallotEvent.Action.CHANGED, **event)
    return ballot, True


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


def rounds_due_for_reminders(now):
    window = dt.timedelta(days=settings.VOTE_REMINDER_DAYS)
    return VotingRound.objects.filter(
        opens_at__lte=now, closes_at__gt=now, closes_at__lte=now + window
    )


def send_vote_reminders(*, now=None):
    """Remind the focal points of every member state that has not voted in a round closing
    within VOTE_REMINDER_DAYS; a member state is reminded once per round (a unique row).
    Returns the number of e-mails queued."""
    now = now or timezone.now()
    queued = 0
    for voting_round in rounds_due_for_reminders(now):
        voted = Ballot.objects.filter(round=voting_round).values("member_state")
        reminded = VoteReminder.objects.filter(round=voting_round).values("member_state")
        states = (
            core_queries.member_states()
            .exclude(pk__in=voted)
            .exclude(pk__in=reminded)
            .prefetch_related("focal_points__user")
        )
        for state in states:
            queued += _remind(voting_round, state, now)
    return queued


def _remind(voting_round, member_state, now):
    with transaction.atomic():
        try:
            with transaction.atomic():
                VoteReminder.objects.create(
                    round=voting_round, member_state=member_state, sent_at=now
                )
        except IntegrityError:
            return 0  # another run reminded it
        count = 0
        for focal_point in member_state.focal_points.all():
            user = focal_point.user
            if not user.is_active:
                continue
            with translation.override(user.preferred_language):
                url = absolute_url(reverse("consultations:ballot", args=[voting_round.pk]))
            queue_mail(
                to=user.email,
                template="consultations/email/vote_reminder",
                language=user.preferred_language,
                context={
                    "round": voting_round,
                    "member_state": member_state,
                    "person": user,
                    "closes": voting_round.closes_at,
                    "url": url,
                },
            )
            count += 1
    return count


def remind_absent_member_states(voting_round, *, actor, now=None):
    """The Secretariat's reminder, from the turnout page, to the focal points of every
    member state that has not voted in an open round: once per member state and round (the
    same unique VoteReminder row as the scheduled reminders). Returns the e-mails queued."""
    if not roles.can_run_consultations(actor):
        raise PermissionDenied
    now = now or timezone.now()
    if not (voting_round.opens_at <= now < voting_round.closes_at):
        raise ValidationError(_("Reminders go out only while a round is open."), code="closed")
    voted = Ballot.objects.filter(round=voting_round).values("member_state")
    reminded = VoteReminder.objects.filter(round=voting_round).values("member_state")
    states = (
        core_queries.member_states()
        .exclude(pk__in=voted)
        .exclude(pk__in=reminded)
        .prefetch_related("focal_points__user")
    )
    return sum(_remind(voting_round, state, now) for state in states)

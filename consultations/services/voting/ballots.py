"""Ballots: cast or change a ballot (a focal point) or record it from a note verbale (the
Secretariat); in a secret round the choice goes to the ballot box after the commit."""

from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations.models import Ballot, BallotEvent, ThemeProposal
from consultations.services import ballot_box
from consultations.services.themes import clean_text
from idm_portal.core import roles
from idm_portal.core.templatetags.idm import geneva_time  # one way to write a moment

from .rounds import BallotLocked, UnknownProposal, VotingClosed, candidates, window_error


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

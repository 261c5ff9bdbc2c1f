"""Querysets of consultations that several views need."""

import datetime as dt

from django.db.models import Count
from django.utils import timezone

from consultations.models import (
    Ballot,
    BallotEvent,
    Meeting,
    ThemeProposal,
    ThemeSuggestion,
    VoteReminder,
    VotingRound,
)
from idm_portal.core import roles
from idm_portal.core.models import IdmYear


def meetings_of_year(idm_year):
    return Meeting.objects.filter(idm_year=idm_year).order_by("date")


# --- Theme consultations: proposals, suggestions, voting rounds, adoption ---


def proposals_of(user):
    """Theme proposals a user may see: drafts are the Secretariat's."""
    proposals = ThemeProposal.objects.select_related("proposing_state")
    if not roles.can_run_consultations(user):
        proposals = proposals.exclude(status=ThemeProposal.Status.DRAFT)
    return proposals.order_by("-target_year", "order", "pk")


def suggestions_for(user):
    """The Secretariat sees every suggestion; a focal point those of its member states."""
    suggestions = ThemeSuggestion.objects.select_related(
        "member_state", "author", "merged_into", "proposal"
    )
    if roles.can_run_consultations(user):
        return suggestions
    return suggestions.filter(member_state__in=[s.pk for s in roles.member_states_of(user)])


def voting_rounds():
    return VotingRound.objects.annotate(ballot_count=Count("ballots", distinct=True)).order_by(
        "-closes_at", "-pk"
    )


def open_voting_rounds(now=None):
    now = now or timezone.now()
    return voting_rounds().filter(opens_at__lte=now, closes_at__gt=now).order_by("closes_at")


def current_voting_rounds(now=None, closed_within=dt.timedelta(days=60)):
    """The rounds open now and those closed in the last ``closed_within`` (for the home
    page: a closed round stays there, marked closed, with a link to its result)."""
    now = now or timezone.now()
    return (
        voting_rounds()
        .filter(opens_at__lte=now, closes_at__gt=now - closed_within)
        .order_by("closes_at")
    )


def latest_round_of(proposal):
    """The last round that put ``proposal`` to the vote, or None."""
    return proposal.voting_rounds.order_by("-closes_at", "-pk").first()


def proposals_on_ballot(voting_round):
    return voting_round.proposals.select_related("proposing_state").order_by("order", "pk")


def participation(voting_round):
    """The ballots of a round, by member state: who took part, when, and how (never what,
    in a secret round)."""
    return (
        Ballot.objects.filter(round=voting_round)
        .select_related("member_state", "cast_by")
        .defer("ranking")
        .order_by("member_state__name")
    )


def named_ballots(voting_round):
    """Who voted what, for a named round after its close."""
    return (
        Ballot.objects.filter(round=voting_round)
        .select_related("member_state", "cast_by")
        .order_by("member_state__name")
    )


def ballot_events(voting_round):
    return (
        BallotEvent.objects.filter(round=voting_round)
        .select_related("member_state", "actor")
        .order_by("-at", "-pk")
    )


# --- Discussion notes ---


def visible_notes(user):
    """The notes ``user`` may read: published ones, and drafts for the Secretariat."""
    from consultations.models import DiscussionNote
    from idm_portal.core import roles

    notes = DiscussionNote.objects.select_related("meeting__idm_year")
    if roles.can_see_unpublished(user):
        return notes
    return notes.filter(status=DiscussionNote.Status.PUBLISHED)


def notes_by_year_and_meeting(user):
    """[(IDM year, [(meeting, [(symbol, [language versions])])])], newest year first; one
    query."""
    notes = visible_notes(user).order_by(
        "-meeting__idm_year__year", "-meeting__date", "meeting_id", "symbol", "language"
    )
    years: list[tuple[IdmYear, list]] = []
    for note in notes:
        year = note.meeting.idm_year
        if not years or years[-1][0].pk != year.pk:
            years.append((year, []))
        meetings = years[-1][1]
        if not meetings or meetings[-1][0].pk != note.meeting_id:
            meetings.append((note.meeting, []))
        symbols = meetings[-1][1]
        if not symbols or symbols[-1][0] != note.symbol:
            symbols.append((note.symbol, []))
        symbols[-1][1].append(note)
    return years


# --- Turnout across the membership (composed with the workshops' by idm_portal) ---


def rounds_of_idm_year(year):
    """The voting rounds held during IDM ``year``: those that select the overarching theme
    of the year after."""
    return VotingRound.objects.filter(target_year=year + 1).order_by("opens_at", "pk")


def member_states_voted(rounds):
    """{round id: set of the ids of the member states with a ballot}, in one query."""
    voted: dict[int, set[int]] = {}
    for round_id, state_id in Ballot.objects.filter(round__in=rounds).values_list(
        "round_id", "member_state_id"
    ):
        voted.setdefault(round_id, set()).add(state_id)
    return voted


def member_states_reminded(rounds):
    """{round id: set of the ids of the member states reminded to vote}, in one query."""
    reminded: dict[int, set[int]] = {}
    for round_id, state_id in VoteReminder.objects.filter(round__in=rounds).values_list(
        "round_id", "member_state_id"
    ):
        reminded.setdefault(round_id, set()).add(state_id)
    return reminded

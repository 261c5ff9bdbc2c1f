"""Suggestions for a workshop, those of a focal point's member states, and the timeline
of one."""

from django.db.models import Count, Q

from idm_portal.core import roles


def workshop_suggestions(workshop):
    """Every suggestion for a workshop, newest first, with its member state, author, speaker
    and number of comments (one query for the whole list)."""

    from workshops.models import Suggestion, SuggestionEvent

    return (
        Suggestion.objects.filter(workshop=workshop)
        .select_related("member_state", "suggested_by", "speaker")
        .annotate(
            comment_count=Count("events", filter=Q(events__action=SuggestionEvent.Action.COMMENTED))
        )
        .order_by("-created_at", "-pk")
    )


def suggestions_of_member_states(user):
    """The suggestions of the member states ``user`` is a focal point of, newest first, with
    their workshops and number of comments."""

    from workshops.models import Suggestion, SuggestionEvent

    return (
        Suggestion.objects.filter(member_state__in=[s.pk for s in roles.member_states_of(user)])
        .select_related("workshop__idm_year", "member_state", "suggested_by")
        .annotate(
            comment_count=Count("events", filter=Q(events__action=SuggestionEvent.Action.COMMENTED))
        )
        .order_by("-created_at", "-pk")
    )


def suggestion_timeline(suggestion):
    """What happened to a suggestion, in order, with who did it."""
    return suggestion.events.select_related("actor").order_by("created_at", "pk")

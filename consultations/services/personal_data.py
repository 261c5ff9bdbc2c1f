"""A person's data in consultations: the alternative themes they suggested and the ballots
they cast or recorded (who, when; never a choice: a ballot is its member state's). Closing an
account changes nothing here: the member state's ballots stay as they are. Registered with
the ground floor's personal-data service in ``ConsultationsConfig.ready``."""

from consultations.models import Ballot, ThemeSuggestion


def _iso(moment):
    return moment.isoformat() if moment else None


def export(user, addresses):
    """The consultations' part of a person's data, as JSON-ready values."""
    suggestions = (
        ThemeSuggestion.objects.filter(author=user)
        .select_related("member_state")
        .order_by("created_at", "pk")
    )
    ballots = (
        Ballot.objects.filter(cast_by=user)
        .select_related("round", "member_state")
        .defer("ranking")
        .order_by("cast_at", "pk")
    )
    return {
        "theme_suggestions": [
            {
                "idm_year": suggestion.target_year,
                "member_state": suggestion.member_state.name,
                "title": suggestion.title,
                "rationale": suggestion.rationale,
                "status": suggestion.status,
                "submitted_at": _iso(suggestion.created_at),
            }
            for suggestion in suggestions
        ],
        "ballots_you_cast_or_last_changed": [
            {
                "round": ballot.round.title,
                "member_state": ballot.member_state.name,
                "cast_at": _iso(ballot.cast_at),
                "changed_at": _iso(ballot.changed_at),
                "recorded_by_the_secretariat": ballot.recorded_on_behalf,
            }
            for ballot in ballots
        ],
    }

"""Querysets and query objects of workshops that several views need, one module per topic;
every public name is re-exported here, so that callers keep ``from workshops import queries``."""

from .agendas import (
    ROLE_HEADINGS,
    ROLE_ORDER,
    ROLE_RANK,
    Appearance,
    Day,
    Draft,
    PublishedAgenda,
    agenda_days,
    editor_documents,
    kind_label,
    published_agenda,
    published_speaker_ids,
    role_heading,
    role_label,
    speaker_appearances,
)
from .invitations import invitation_counts, invitations_with_status
from .participants import participant_groups
from .suggestions import suggestion_timeline, suggestions_of_member_states, workshop_suggestions
from .workshops import (
    AgendaVersion,
    agenda_version,
    latest_release,
    latest_releases,
    published_workshops,
    visible_documents,
    visible_workshop_with_release,
    visible_workshops,
    workshop_or_404,
    workshops_of_year,
)

__all__ = [
    "ROLE_HEADINGS",
    "ROLE_ORDER",
    "ROLE_RANK",
    "AgendaVersion",
    "Appearance",
    "Day",
    "Draft",
    "PublishedAgenda",
    "agenda_days",
    "agenda_version",
    "editor_documents",
    "invitation_counts",
    "invitations_with_status",
    "kind_label",
    "latest_release",
    "latest_releases",
    "participant_groups",
    "published_agenda",
    "published_speaker_ids",
    "published_workshops",
    "role_heading",
    "role_label",
    "speaker_appearances",
    "suggestion_timeline",
    "suggestions_of_member_states",
    "visible_documents",
    "visible_workshop_with_release",
    "visible_workshops",
    "workshop_or_404",
    "workshop_suggestions",
    "workshops_of_year",
]

"""The workshops app's models, one module per topic; every name is re-exported here, so that
``from workshops.models import Workshop`` works wherever the model lives."""

from .agendas import (
    AgendaRelease,
    CalendarFeed,
    Document,
    Session,
    SessionSpeaker,
    Speaker,
    document_path,
)
from .invitations import Invitation, InvitationMessage, new_invitation_token
from .registration import CategoryQuota, PassportDetails, Registration, new_checkin_token
from .room import FloorRequest, SpeakersList, Statement, TurnoutReminder, statement_path
from .suggestions import Suggestion, SuggestionEvent
from .workshops import (
    ORDINAL_TITLES,
    Workshop,
    available_time_zones,
    time_zone_choices,
    zone_or_none,
)

__all__ = [
    "ORDINAL_TITLES",
    "AgendaRelease",
    "CalendarFeed",
    "CategoryQuota",
    "Document",
    "FloorRequest",
    "Invitation",
    "InvitationMessage",
    "PassportDetails",
    "Registration",
    "Session",
    "SessionSpeaker",
    "Speaker",
    "SpeakersList",
    "Statement",
    "Suggestion",
    "SuggestionEvent",
    "TurnoutReminder",
    "Workshop",
    "available_time_zones",
    "document_path",
    "new_checkin_token",
    "new_invitation_token",
    "statement_path",
    "time_zone_choices",
    "zone_or_none",
]

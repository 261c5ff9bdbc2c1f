"""The workshops of the demo world, one module per topic; every public name is re-exported
here, so that callers keep ``from workshops import demo``."""

from .agendas import (
    AGENDA_1,
    AGENDA_2_DRAFT,
    SPEAKERS,
    TRANSLATIONS,
    WORKSHOPS_2009,
    load,
    load_agenda,
    load_speakers,
    load_synthetic,
    publish_once,
)
from .delegations import DEMO_DELEGATION, load_delegations
from .registration import PARTICIPANT_POSITIONS, PARTICIPANTS_2009, load_registrations
from .room import DEMO_STATEMENTS, load_speakers_list, load_statements, tiny_pdf
from .suggestions import DEMO_SUGGESTIONS, load_suggestions

__all__ = [
    "AGENDA_1",
    "AGENDA_2_DRAFT",
    "DEMO_DELEGATION",
    "DEMO_STATEMENTS",
    "DEMO_SUGGESTIONS",
    "PARTICIPANTS_2009",
    "PARTICIPANT_POSITIONS",
    "SPEAKERS",
    "TRANSLATIONS",
    "WORKSHOPS_2009",
    "load",
    "load_agenda",
    "load_delegations",
    "load_registrations",
    "load_speakers",
    "load_speakers_list",
    "load_statements",
    "load_suggestions",
    "load_synthetic",
    "publish_once",
    "tiny_pdf",
]

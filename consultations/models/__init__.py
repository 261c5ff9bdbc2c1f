"""Consultations of the membership on the IDM, one module per topic: meetings, theme
proposals, voting rounds and discussion notes. Every name is re-exported here, so that
``from consultations.models import VotingRound`` works wherever the model lives."""

from .meetings import GENEVA, Meeting
from .notes import NOTE_LANGUAGES, DiscussionNote, note_slug
from .themes import RATIONALE_MAX_LENGTH, ThemeProposal, ThemeSuggestion, rationale_html
from .voting import Ballot, BallotEvent, HeldSecretChoice, SecretChoice, VoteReminder, VotingRound

__all__ = [
    "GENEVA",
    "NOTE_LANGUAGES",
    "RATIONALE_MAX_LENGTH",
    "Ballot",
    "BallotEvent",
    "DiscussionNote",
    "HeldSecretChoice",
    "Meeting",
    "SecretChoice",
    "ThemeProposal",
    "ThemeSuggestion",
    "VoteReminder",
    "VotingRound",
    "note_slug",
    "rationale_html",
]

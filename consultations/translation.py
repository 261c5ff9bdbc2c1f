"""What the Secretariat writes for the consultations, per language (django-modeltranslation):
``title`` reads the active language's column and falls back to English."""

from modeltranslation.translator import TranslationOptions, register

from .models import Meeting, ThemeProposal, VotingRound


@register(ThemeProposal)
class ThemeProposalTranslation(TranslationOptions):
    fields = ("title", "summary", "rationale")


@register(VotingRound)
class VotingRoundTranslation(TranslationOptions):
    fields = ("title",)


@register(Meeting)
class MeetingTranslation(TranslationOptions):
    fields = ("title", "place", "description")

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from consultations.models import (
    Ballot,
    BallotEvent,
    DiscussionNote,
    Meeting,
    ThemeProposal,
    ThemeSuggestion,
    VotingRound,
)


@admin.register(Meeting)
class MeetingAdmin(TranslationAdmin):
    list_display = ["title", "date", "place", "idm_year"]
    list_filter = ["idm_year", "place"]
    search_fields = ["title", "description"]
    date_hierarchy = "date"


# --- Theme consultations: proposals, suggestions, voting rounds, adoption ---


@admin.register(ThemeProposal)
class ThemeProposalAdmin(TranslationAdmin):
    list_display = ["title", "target_year", "status", "proposing_state"]
    list_filter = ["target_year", "status"]
    search_fields = ["title", "summary", "rationale"]
    readonly_fields = ["status", "author", "created_at"]


@admin.register(ThemeSuggestion)
class ThemeSuggestionAdmin(admin.ModelAdmin):
    list_display = ["title", "target_year", "member_state", "status"]
    list_filter = ["target_year", "status"]
    search_fields = ["title", "rationale"]
    readonly_fields = ["member_state", "author", "status", "merged_into", "proposal", "created_at"]


class ReadOnlyInline(admin.TabularInline):
    """Ballots and their trail change only through the voting services."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class BallotInline(ReadOnlyInline):
    model = Ballot
    fields = [
        "member_state",
        "cast_at",
        "changed_at",
        "cast_by",
        "recorded_on_behalf",
        "note_verbale",
    ]
    readonly_fields = fields


class BallotEventInline(ReadOnlyInline):
    model = BallotEvent
    fields = [
        "at",
        "member_state",
        "action",
        "actor",
        "recorded_on_behalf",
        "note_verbale",
        "choice",
    ]
    readonly_fields = fields

    def get_fields(self, request, obj=None):
        # A named round's choices are sealed until its close, here as on the audit page.
        if obj is None or not obj.is_closed():
            return [name for name in self.fields if name != "choice"]
        return self.fields


@admin.register(VotingRound)
class VotingRoundAdmin(TranslationAdmin):
    """Read-only here: rounds are scheduled and changed on the portal's pages, whose service
    keeps what was announced once the round is open."""

    list_display = ["title", "target_year", "opens_at", "closes_at", "method", "secrecy"]
    list_filter = ["target_year", "method", "secrecy"]
    readonly_fields = ["eligible_count", "adopted_proposal", "adopted_at", "adopted_by"]
    inlines = [BallotInline, BallotEventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# --- Discussion notes ---


@admin.register(DiscussionNote)
class DiscussionNoteAdmin(SimpleHistoryAdmin):
    """Read-only here: notes are written, published and withdrawn in the note editor, whose
    services check the footnotes and queue the PDF."""

    list_display = ["symbol", "language", "title", "issue_date", "status", "meeting"]
    list_filter = ["status", "language", "meeting"]
    search_fields = ["symbol", "title", "body"]
    date_hierarchy = "issue_date"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

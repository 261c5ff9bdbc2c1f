from django.contrib import admin
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from workshops.models import (
    AgendaRelease,
    CategoryQuota,
    Document,
    Invitation,
    Registration,
    Session,
    SessionSpeaker,
    Speaker,
    Suggestion,
    Workshop,
)


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0
    fields = ["date", "order", "start_time", "end_time", "title", "kind", "room"]
    show_change_link = True


class CategoryQuotaInline(admin.TabularInline):
    """Shown, not changed: a quota changes on the workshop's "Capacity and quotas" page,
    which refuses a quota below the seats taken and promotes the waiting list."""

    model = CategoryQuota
    extra = 0
    readonly_fields = ["category", "limit"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Workshop)
class WorkshopAdmin(TranslationAdmin, SimpleHistoryAdmin):
    list_display = ["title", "idm_year", "ordinal", "start_date", "city", "status", "is_published"]
    list_filter = ["idm_year", "status", "is_published", "city"]
    search_fields = ["title", "venue", "city", "description"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "start_date"
    inlines = [CategoryQuotaInline, SessionInline]
    # The workshop's services own these (who is told, the waiting list, the seats, the
    # venue's zone): they change on the Secretariat's pages of the workshop, not here.
    readonly_fields = [
        "status", "capacity", "quota_per_delegation", "requires_approval",
        "registration_opens", "registration_closes", "time_zone", "is_published",
    ]  # fmt: skip

    def has_add_permission(self, request):
        return False  # created on the Secretariat's "New workshop" page


class SessionSpeakerInline(admin.TabularInline):
    model = SessionSpeaker
    extra = 0
    autocomplete_fields = ["speaker"]


@admin.register(Session)
class SessionAdmin(TranslationAdmin, SimpleHistoryAdmin):
    list_display = ["title", "workshop", "date", "start_time", "end_time", "kind", "room"]
    list_filter = ["workshop", "kind", "date"]
    search_fields = ["title", "description", "room"]
    inlines = [SessionSpeakerInline]


@admin.register(Speaker)
class SpeakerAdmin(TranslationAdmin, SimpleHistoryAdmin):
    list_display = ["name", "title", "position", "organization", "email"]
    search_fields = ["name", "position", "organization", "email"]
    list_filter = ["language"]


@admin.register(AgendaRelease)
class AgendaReleaseAdmin(admin.ModelAdmin):
    list_display = ["workshop", "number", "published_at", "published_by"]
    list_filter = ["workshop"]
    search_fields = ["workshop__title"]
    readonly_fields = [
        "workshop", "number", "published_at", "published_by", "sessions", "changes",
        "content_hash",
    ]  # fmt: skip

    def has_add_permission(self, request):
        return False  # releases are made by publishing in the agenda editor


@admin.register(Document)
class DocumentAdmin(TranslationAdmin):
    list_display = ["title", "workshop", "kind", "language", "file_type", "size", "is_public"]
    list_filter = ["kind", "language", "is_public", "file_type", "workshop"]
    search_fields = ["title", "workshop__title"]
    readonly_fields = ["file_type", "size", "uploaded_at", "uploaded_by"]

    def has_add_permission(self, request):
        return False  # uploads go through the editor, which checks the file's content


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["badge_name", "workshop", "organization", "category", "status", "created_at"]
    list_filter = ["workshop", "status", "category", "needs_visa_letter", "consents_to_list"]
    search_fields = ["badge_name", "email", "organization__name", "person__email"]
    # Status changes go through the services (seats, waiting list, e-mails): read-only here.
    # The seat and its quotas (workshop, organization, category) and the status go through
    # the services (seats, waiting list, e-mails): read-only here.
    readonly_fields = [
        "workshop", "person", "organization", "category",
        "status", "checkin_token", "created_at", "confirmed_at", "waitlisted_at",
        "declined_at", "cancelled_at", "attended_at",
    ]  # fmt: skip

    def has_add_permission(self, request):
        return False  # registrations are made by the register service (seats, quotas)

    def has_delete_permission(self, request, obj=None):
        return False  # a deleted registration would free its seat and promote nobody


class ViewOnlyAdmin(admin.ModelAdmin):
    """Rows whose every change goes through a service (e-mails, history, tokens): the admin
    shows them, the portal's own pages change them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Invitation)
class InvitationAdmin(ViewOnlyAdmin):
    list_display = ["email", "name", "workshop", "language", "answer", "created_at"]
    list_filter = ["workshop", "language", "answer"]
    search_fields = ["email", "name", "organization_name"]
    exclude = ["token"]  # the invitee's personal key: not for display


@admin.register(Suggestion)
class SuggestionAdmin(ViewOnlyAdmin):
    list_display = ["title", "kind", "member_state", "workshop", "status", "created_at"]
    list_filter = ["workshop", "kind", "status"]
    search_fields = ["title", "speaker_name", "member_state__name"]

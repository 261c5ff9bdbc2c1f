from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from idm_portal.core import roles
from idm_portal.core.models import FocalPoint, IdmYear, Organization, OutgoingMail, User
from idm_portal.core.services import outbox
from idm_portal.core.services.accounts import confirm_organizations

# The admin site is the Secretariat's, by role (roles.py), not by a flag checked by hand.
admin.site.has_permission = lambda request: roles.can_use_admin(request.user)
admin.site.site_header = _("IDM Portal administration")
admin.site.site_title = _("IDM Portal")


class FocalPointInline(admin.TabularInline):
    model = FocalPoint
    extra = 0
    autocomplete_fields = ["user", "member_state"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "preferred_language", "is_active", "is_staff"]
    list_filter = ["is_active", "is_staff", "groups", "preferred_language"]
    search_fields = ["email", "name"]
    inlines = [FocalPointInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["name", "preferred_language"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "name", "password1", "password2"]}),
    ]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "acronym",
        "kind",
        "country",
        "iom_status",
        "iom_region",
        "is_confirmed",
    ]
    list_filter = ["is_confirmed", "kind", "iom_status", "iom_region"]
    search_fields = ["name", "acronym", "country"]
    inlines = [FocalPointInline]
    actions = ["confirm"]

    @admin.action(description=_("Confirm the selected proposed organizations"))
    def confirm(self, request, queryset):
        count = confirm_organizations(queryset, actor=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d organization confirmed.", "%(count)d organizations confirmed.", count
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(FocalPoint)
class FocalPointAdmin(admin.ModelAdmin):
    list_display = ["user", "member_state", "since"]
    list_filter = ["member_state"]
    search_fields = ["user__email", "user__name", "member_state__name"]
    autocomplete_fields = ["user", "member_state"]


@admin.register(IdmYear)
class IdmYearAdmin(admin.ModelAdmin):
    list_display = ["year", "overarching_theme", "status"]
    list_filter = ["status"]
    search_fields = ["overarching_theme"]


@admin.register(OutgoingMail)
class OutgoingMailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "to", "subject", "language", "status", "attempts"]
    list_filter = ["status", "language", "template"]
    search_fields = ["to", "subject", "message_id"]
    readonly_fields = [field.name for field in OutgoingMail._meta.fields]
    actions = ["retry"]

    def has_add_permission(self, request):
        return False  # mails are made by the outbox service only

    @admin.action(description=_("Retry the selected failed mails"))
    def retry(self, request, queryset):
        failed = queryset.filter(status=OutgoingMail.Status.FAILED)
        for mail in failed:
            outbox.retry_mail(mail, actor=request.user)
        count = len(failed)
        self.message_user(
            request,
            ngettext("%(count)d mail queued again.", "%(count)d mails queued again.", count)
            % {"count": count},
            messages.SUCCESS,
        )

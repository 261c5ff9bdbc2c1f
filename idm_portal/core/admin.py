from urllib.parse import urlencode

from django.contrib import admin, messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from idm_portal.core import roles
from idm_portal.core.models import FocalPoint, IdmYear, Organization, OutgoingMail, User
from idm_portal.core.services import outbox
from idm_portal.core.services.accounts import confirm_organizations

# The admin site is the Secretariat's, by role (roles.py), not by a flag checked by hand.
# The default site is patched rather than replaced (every app registers on it).
admin.site.has_permission = lambda request: roles.can_use_admin(request.user)  # type: ignore[method-assign]
admin.site.site_header = _("IDM Portal administration")
admin.site.site_title = _("IDM Portal")


def login_through_the_portal(request, extra_context=None):
    """Accounts: the admin has no log-in form of its own. Its log-in page sends visitors to
    the portal's (allauth's rate limits, MFA); a signed-in user without the right to the
    admin gets 403 rather than a second form."""
    if request.user.is_authenticated:
        if not admin.site.has_permission(request):
            raise PermissionDenied
        return redirect(reverse("admin:index"))
    target = request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index")
    return redirect(f"{reverse('account_login')}?{urlencode({REDIRECT_FIELD_NAME: target})}")


admin.site.login = login_through_the_portal  # type: ignore[method-assign]  # as has_permission


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
    # Accounts: who may do what is granted on the portal's roles page (logged, never to
    # oneself); in the admin only a superuser changes these.
    PRIVILEGES = ["is_staff", "is_superuser", "groups", "user_permissions"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += self.PRIVILEGES
        return fields

    def has_change_permission(self, request, obj=None):
        # A superuser's account (address, password) is a superuser's to change.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)


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
class IdmYearAdmin(TranslationAdmin):
    list_display = ["year", "overarching_theme", "status"]
    list_filter = ["status"]
    search_fields = ["overarching_theme"]


@admin.register(OutgoingMail)
class OutgoingMailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "to", "subject", "language", "status", "attempts"]
    list_filter = ["status", "language", "template"]
    search_fields = ["to", "subject", "message_id"]
    # Accounts: the encrypted withheld secrets are not shown at all.
    exclude = ["sealed_secrets"]
    readonly_fields = [
        field.name for field in OutgoingMail._meta.fields if field.name != "sealed_secrets"
    ]
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

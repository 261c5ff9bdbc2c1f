from django.contrib import admin

from consultations.models import Meeting


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "date", "place", "idm_year"]
    list_filter = ["idm_year", "place"]
    search_fields = ["title", "description"]
    date_hierarchy = "date"


# --- Theme consultations: proposals, suggestions, voting rounds, adoption (issue 6) ---


# --- Discussion notes (issue 7) ---

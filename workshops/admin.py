from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from workshops.models import Workshop


@admin.register(Workshop)
class WorkshopAdmin(SimpleHistoryAdmin):
    list_display = ["title", "idm_year", "ordinal", "start_date", "city", "status", "is_published"]
    list_filter = ["idm_year", "status", "is_published", "city"]
    search_fields = ["title", "venue", "city", "description"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "start_date"

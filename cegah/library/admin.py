from django.contrib import admin

from cegah.library.models import Adoption, Collection, LibraryItem, Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin[Topic]):
    list_display = ["name", "name_en", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ("name",)}


@admin.register(LibraryItem)
class LibraryItemAdmin(admin.ModelAdmin[LibraryItem]):
    list_display = ["title", "kind", "owner_agency", "is_published", "published_at"]
    list_filter = ["kind", "is_published", "topics", "licence"]
    search_fields = ["title", "caption", "attribution"]
    raw_id_fields = ["owner_agency", "created_by", "image", "adapted_from"]
    filter_horizontal = ["topics"]


@admin.register(Adoption)
class AdoptionAdmin(admin.ModelAdmin[Adoption]):
    list_display = ["item", "agency", "kind", "created_at"]
    list_filter = ["kind"]
    raw_id_fields = ["item", "agency", "adaptation", "created_by"]


@admin.register(Collection)
class CollectionAdmin(admin.ModelAdmin[Collection]):
    list_display = ["name", "agency", "created_at"]
    raw_id_fields = ["agency", "created_by"]

"""Admin for the data KPK edits: the category catalogue and the routing rules.

Complaints themselves are not in the admin: their identity data may only be read through
the workspace pages, which log every view.
"""

from __future__ import annotations

from django.contrib import admin

from cegah.complaints.models import Category, RoutingRule


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin[Category]):
    list_display = ("code", "name_id", "name_en", "resolution_days", "position", "is_active")
    list_editable = ("position", "is_active")
    list_filter = ("is_active", "resolution_days")
    search_fields = ("code", "name_id", "name_en")


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin[RoutingRule]):
    list_display = ("region", "category", "agency", "is_active")
    list_filter = ("is_active", "category")
    search_fields = ("region__name", "region__code", "agency__name")
    autocomplete_fields = ("region", "agency")
    list_select_related = ("region", "category", "agency")

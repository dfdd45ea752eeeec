from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from cegah.privacy.models import PrivacyRequest


@admin.register(PrivacyRequest)
class PrivacyRequestAdmin(admin.ModelAdmin[PrivacyRequest]):
    """Read-only: requests are written by the person's own actions only."""

    list_display = ("pk", "kind", "status", "requested_at", "completed_at", "actor_id")
    list_filter = ("kind", "status")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

"""Read-mostly admin for operators; editors change figures through the reviewed correction
and import pages, so scores are read-only here (a direct edit would skip review and history)."""

from __future__ import annotations

from django.contrib import admin

from cegah.integrity import models


@admin.register(models.Score)
class ScoreAdmin(admin.ModelAdmin[models.Score]):
    list_display = ("instrument", "year", "government", "score", "published_rank", "status")
    list_filter = ("instrument", "year", "status", "confidence")
    search_fields = ("government__name", "government__code")

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_add_permission(self, request: object) -> bool:
        return False


@admin.register(models.Band)
class BandAdmin(admin.ModelAdmin[models.Band]):
    list_display = ("instrument", "year", "code", "lower", "upper", "confidence")
    list_filter = ("instrument", "year")


for model in (
    models.Source,
    models.ComponentSet,
    models.Component,
    models.Government,
    models.NationalIndex,
    models.BehaviourIndex,
    models.Indicator,
    models.Participant,
    models.Assessment,
):
    admin.site.register(model)


@admin.register(models.ScoreHistory)
class HistoryAdmin(admin.ModelAdmin[models.ScoreHistory]):
    list_display = ("score", "created_at", "proposed_by", "approved_by")

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(models.AssessmentChange)
class AssessmentChangeAdmin(admin.ModelAdmin[models.AssessmentChange]):
    """The log of recorded assessments: read-only, it is the record of who changed what."""

    list_display = ("assessment", "actor", "at")

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_add_permission(self, request: object) -> bool:
        return False

"""The fee registry in the CMS: editors propose changes to services and fee items as drafts,
KPK moderators approve them in the review workflow; every saved version stays in the history
(decision 0017)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cegah.services.models import FeeItem, Service


class ServiceViewSet(SnippetViewSet):
    model = Service
    icon = "list-ul"
    menu_label = _("Services")
    list_display = ["name", "code", "sector", "live"]
    list_filter = ["sector", "live"]
    search_fields = ["name", "name_en", "code", "aliases"]
    ordering = ["sort_order", "code"]


class FeeItemViewSet(SnippetViewSet):
    model = FeeItem
    icon = "tag"
    menu_label = _("Fee items")
    list_display = [
        "service",
        "variant",
        "amount_idr",
        "region_code",
        "valid_from",
        "valid_to",
        "confidence",
        "live",
    ]
    list_filter = ["confidence", "live", "service__sector"]
    search_fields = ["variant", "label", "region_code"]
    ordering = ["service__sort_order", "service__code", "sort_order", "valid_from"]


class FeesGroup(SnippetViewSetGroup):
    items = (ServiceViewSet, FeeItemViewSet)
    menu_icon = "tag"
    menu_label = _("Official fees")
    menu_name = "official-fees"


register_snippet(FeesGroup)

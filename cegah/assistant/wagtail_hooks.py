"""The knowledge base in the CMS: entries are snippets with drafts, review and history."""

from __future__ import annotations

from typing import ClassVar

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cegah.assistant.models import KnowledgeEntry


class KnowledgeEntryViewSet(SnippetViewSet):
    """Editors find entries by topic and see which are due for review."""

    model = KnowledgeEntry
    icon = "help"
    menu_label = _("Knowledge base")
    menu_name = "knowledge"
    add_to_admin_menu = True
    list_display: ClassVar[list[object]] = [
        "title_id",
        Column("topic", label=_("Topic"), accessor="get_topic_display"),
        DateColumn("expires_on", label=_("Review again by")),
        BooleanColumn("is_expired", label=_("Due for review")),
        "reviewed_by",
    ]
    list_filter: ClassVar[list[str]] = ["topic", "live"]
    ordering = ("expires_on",)


register_snippet(KnowledgeEntryViewSet)

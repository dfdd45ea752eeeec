"""The knowledge base in a KPK editor's workspace: entries due for review, questions unanswered."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cegah.assistant.access import is_knowledge_editor
from cegah.assistant.models import KnowledgeEntry, UnansweredQuestion
from cegah.core.workspace import Entry, register, watch

if TYPE_CHECKING:
    from cegah.accounts.models import User

# Saving or deleting these refreshes the cached counts (cegah.core.workspace).
watch("assistant.KnowledgeEntry", "assistant.UnansweredQuestion")


@register(115)
def knowledge(user: User) -> Iterator[Entry]:
    """Expired entries plus unanswered questions waiting (two small counts); the oldest
    expiry as the deadline."""
    if not is_knowledge_editor(user):
        return
    today = timezone.localdate()
    found = KnowledgeEntry.objects.aggregate(
        expired=Count("pk", filter=Q(expires_on__lt=today)),
        oldest=Min("expires_on", filter=Q(expires_on__lt=today)),
    )
    questions = UnansweredQuestion.objects.filter(dismissed=False).count()
    yield Entry(
        key="knowledge",
        label=_("Knowledge base"),
        description=_("Review expired entries and write entries for questions left unanswered."),
        url=reverse("assistant:staff"),
        waiting=int(found["expired"]) + questions,
        deadline=found["oldest"],
    )

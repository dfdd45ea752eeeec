"""Demo data of the knowledge base: the seed entries (all of them: they are the product) and a
few unanswered-question aggregates for the editors' page."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from cegah.assistant.actions import ensure_knowledge_editing, load_entries
from cegah.assistant.knowledge import read_rows
from cegah.assistant.models import UnansweredQuestion, UnansweredReason
from cegah.core.demo import register

DEMO_UNANSWERED = (
    ("bpjs ketenagakerjaan klaim potong", "id", UnansweredReason.LOW_CONFIDENCE, 7),
    ("dana desa kades pakai pribadi", "id", UnansweredReason.LOW_CONFIDENCE, 4),
    ("bola jadwal malam", "id", UnansweredReason.OFF_TOPIC, 2),
)


@register(190)
def seed(dry_run: bool) -> str:
    """Load the seed knowledge base (idempotent) and three unanswered aggregates."""
    with transaction.atomic():
        report = load_entries(read_rows(), dry_run=dry_run)
        if not dry_run:
            ensure_knowledge_editing()
            now = timezone.now()
            for key, language, reason, count in DEMO_UNANSWERED:
                UnansweredQuestion.objects.get_or_create(
                    key=key,
                    language=language,
                    defaults={
                        "reason": reason,
                        "count": count,
                        "first_seen": now,
                        "last_seen": now,
                    },
                )
    return f"assistant: knowledge entries {report.summary()}"

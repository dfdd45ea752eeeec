"""Plain-function factories of the knowledge base tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cegah.assistant import engine
from cegah.assistant.knowledge import read_rows
from cegah.assistant.models import KnowledgeEntry
from cegah.search.engine import record_changes


def load_seed() -> list[KnowledgeEntry]:
    """Every seed entry, live, written directly (fast: no revisions), index told once."""
    entries = [KnowledgeEntry(live=True, **row) for row in read_rows()]
    created = KnowledgeEntry.objects.bulk_create(entries)
    record_changes(engine.COLLECTION, [i for e in created for i in engine.row_ids(e.pk)])
    return created


def make_entry(slug: str = "contoh", **values: Any) -> KnowledgeEntry:
    """One live entry (through the model's own validation)."""
    fields: dict[str, Any] = {
        "topic": "gratification",
        "title_id": "Contoh entri",
        "title_en": "Example entry",
        "questions_id": "pertanyaan contoh tentang zebra belang",
        "questions_en": "example question about striped zebras",
        "answer_id": "Jawaban contoh.",
        "answer_en": "Example answer.",
        "citations": "Sumber | https://www.kpk.go.id/",
        "expires_on": dt.date(2030, 1, 1),
        "live": True,
    }
    fields.update(values)
    entry = KnowledgeEntry(slug=slug, **fields)
    entry.full_clean()
    entry.save()
    engine.record_entry_change(entry.pk)
    return entry

"""Writes to the search index: add or replace documents, remove them.

Content apps don't call this module directly; they call `documents.index()` and
`documents.unindex()`, which land here. Writes join the caller's transaction, so a document
appears in search exactly when its publication commits.
"""

from __future__ import annotations

import re
import zlib
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from itertools import islice
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from cegah.search.analysis import analyse
from cegah.search.documents import KINDS
from cegah.search.engine import record_changes
from cegah.search.models import Entry

if TYPE_CHECKING:
    from cegah.search.documents import SearchDoc

BATCH_SIZE = 500
# The in-memory collection (`engine.py`) that ranks the entries.
COLLECTION = "site"
_TOPIC = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _languages() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


def _topics(topics: Iterable[str]) -> str:
    slugs = sorted({t.strip().lower() for t in topics if t.strip()})
    for slug in slugs:
        if not _TOPIC.fullmatch(slug):
            raise ValueError(f"Search topics are slugs like 'konflik-kepentingan', not {slug!r}")
    return f"|{'|'.join(slugs)}|" if slugs else ""


def _published_at(value: datetime | None) -> datetime | None:
    if value is not None and timezone.is_naive(value):
        return timezone.make_aware(value)
    return value


def sort_key(doc: SearchDoc) -> int:
    """The entry's id: its publication second, then 20 bits of a hash of (kind, key,
    language). Computed in Python, so the same on both engines: ranking breaks ties of
    score by it (newest first) and date filters read the publication second from it."""
    published = _published_at(doc.published_at)
    seconds = min(max(0, int(published.timestamp())), 2**42) if published else 0
    digest = zlib.crc32(f"{doc.kind}\0{doc.key}\0{doc.language}".encode()) & 0xFFFFF
    return ((seconds + 1) << 20) | digest


def entry_for(doc: SearchDoc) -> Entry:
    """The index row for one document, analysed; raises ValueError on a malformed document."""
    if doc.kind not in KINDS:
        raise ValueError(f"Unknown search document kind: {doc.kind!r}")
    if doc.language not in _languages():
        raise ValueError(f"Unknown language for search: {doc.language!r}")
    if not doc.key or len(doc.key) > 100:
        raise ValueError("A search document needs a key of 1 to 100 characters")
    if not doc.url.startswith("/") or doc.url.startswith("//"):
        raise ValueError(f"A search document's url is a path on this site, not {doc.url!r}")
    if not doc.title.strip():
        raise ValueError("A search document needs a title")
    title_terms = analyse(doc.title, doc.language)
    body_terms = analyse(doc.body, doc.language)
    return Entry(
        id=sort_key(doc),
        kind=doc.kind,
        key=doc.key,
        language=doc.language,
        title=doc.title.strip(),
        body=doc.body,
        url=doc.url,
        topics=_topics(doc.topics),
        published_at=_published_at(doc.published_at),
        title_terms=title_terms,
        body_terms=body_terms,
        length=len(title_terms.split()) + len(body_terms.split()),
    )


def index_documents(docs: Iterable[SearchDoc]) -> int:
    """Add or replace documents (by kind, key and language), in batches; returns how many.

    Every document is analysed before anything is written, batch by batch, so a malformed
    document fails its batch without writing half of it. The rows replaced and written are
    recorded as changes in the same transaction, so ranking sees them once it commits.
    """
    written = 0
    iterator = iter(docs)
    while batch := list(islice(iterator, BATCH_SIZE)):
        entries = list({(e.kind, e.key, e.language): e for e in map(entry_for, batch)}.values())
        keys: dict[tuple[str, str], list[str]] = defaultdict(list)
        for entry in entries:
            keys[(entry.kind, entry.language)].append(entry.key)
        with transaction.atomic():
            # Delete and insert rather than upsert: the FTS5 triggers then see plain
            # DELETEs and INSERTs, whatever the SQLite version does with UPSERT.
            changed: list[int] = []
            for (kind, language), kind_keys in keys.items():
                old = Entry.objects.filter(kind=kind, language=language, key__in=kind_keys)
                changed += old.values_list("id", flat=True)
                old.delete()
            _make_ids_unique(entries)
            Entry.objects.bulk_create(entries)
            record_changes(COLLECTION, [*changed, *(e.id for e in entries)])
        written += len(entries)
    return written


def _make_ids_unique(entries: list[Entry]) -> None:
    """Two documents of the same second with the same 20-bit hash: the later one takes the
    next free id (about one chance in a million per pair)."""
    wanted = [e.id for e in entries]
    taken = set(Entry.objects.filter(id__in=wanted).values_list("id", flat=True))
    for entry in entries:
        while entry.id in taken:
            entry.id += 1
        taken.add(entry.id)


def remove_document(kind: str, key: str, language: str | None = None) -> int:
    """Remove one document from the index, in one language or in all; returns rows removed."""
    return remove_entries(Entry.objects.filter(kind=kind, key=key, **_language(language)))


def _language(language: str | None) -> dict[str, str]:
    return {} if language is None else {"language": language}


def remove_entries(entries: QuerySet[Entry]) -> int:
    """Delete these entries and record the change for ranking; returns rows removed."""
    with transaction.atomic():
        ids = list(entries.values_list("id", flat=True))
        if not ids:
            return 0
        deleted, _by_model = Entry.objects.filter(id__in=ids).delete()
        record_changes(COLLECTION, ids)
    return deleted

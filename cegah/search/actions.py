"""Rebuilding the index from the content apps' registered providers."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice

from django.db import transaction

from cegah.search.backend import BATCH_SIZE, index_documents, remove_entries
from cegah.search.documents import KINDS, providers
from cegah.search.models import Entry


@dataclass(frozen=True)
class ReindexResult:
    kind: str
    indexed: int
    removed: int
    has_provider: bool


def reindex_kind(kind: str, *, dry_run: bool = False) -> ReindexResult:
    """Index every document the kind's provider yields, in batches, then remove the entries
    of that kind it no longer yields. Running it twice leaves the same index.

    A kind without a provider (its app is not installed) is left as it is.
    """
    if kind not in KINDS:
        raise ValueError(f"Unknown search document kind: {kind!r}")
    provider = providers().get(kind)
    if provider is None:
        return ReindexResult(kind, 0, 0, has_provider=False)
    seen: set[tuple[str, str]] = set()
    indexed = 0
    documents = iter(provider())
    while batch := list(islice(documents, BATCH_SIZE)):
        for doc in batch:
            if doc.kind != kind:
                raise ValueError(f"The {kind!r} provider yielded a {doc.kind!r} document")
            seen.add((doc.key, doc.language))
        indexed += len(batch) if dry_run else index_documents(batch)
    stale = [
        pk
        for pk, key, language in Entry.objects.filter(kind=kind).values_list(
            "pk", "key", "language"
        )
        if (key, language) not in seen
    ]
    if not dry_run:
        with transaction.atomic():
            for start in range(0, len(stale), BATCH_SIZE):
                remove_entries(Entry.objects.filter(pk__in=stale[start : start + BATCH_SIZE]))
    return ReindexResult(kind, indexed, len(stale), has_provider=True)


def reindex(kinds: tuple[str, ...] = KINDS, *, dry_run: bool = False) -> list[ReindexResult]:
    """`reindex_kind` for each kind."""
    return [reindex_kind(kind, dry_run=dry_run) for kind in kinds]

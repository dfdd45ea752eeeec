"""The library's documents for site search: published items only, in Indonesian."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse
from django.utils import translation

from cegah.library.models import LibraryItem
from cegah.search.documents import SearchDoc, index, unindex

KIND = "library"


def search_document(item: LibraryItem) -> SearchDoc:
    """One item as site search sees it: title, description, caption and credits."""
    with translation.override("id"):
        url = reverse("library:detail", args=[item.pk])
    body = "\n".join(
        part
        for part in (
            item.description,
            item.caption,
            item.attribution,
            item.source_attribution,
            str(item.owner_agency),
        )
        if part
    )
    return SearchDoc(
        kind=KIND,
        key=str(item.pk),
        language="id",
        title=item.title,
        body=body,
        url=url,
        topics=tuple(topic.slug for topic in item.topics.all()),
        published_at=item.published_at,
    )


def sync_search(item: LibraryItem, *, removed: bool = False) -> None:
    """Index a published item; take anything else (a draft, a deleted item) out."""
    if item.is_published and not removed:
        index(search_document(item))
    else:
        unindex(KIND, str(item.pk))


def library_search_documents() -> Iterator[SearchDoc]:
    """Every published item, for `reindex_search`."""
    items = (
        LibraryItem.objects.published()
        .select_related("owner_agency")
        .prefetch_related("topics")
        .order_by("pk")
    )
    for item in items.iterator(chunk_size=500):
        yield search_document(item)

"""The contract between content apps and site search.

Content apps (portal pages, news, library, fact-checks) describe each public item as a
`SearchDoc` and call `index()` when it becomes or stays public and `unindex()` when it stops
being public. They also register a provider so `manage.py reindex_search` can rebuild the
whole index from the source tables:

    # in the app's AppConfig.ready()
    from cegah.search.documents import register_provider
    register_provider("news", news_search_documents)   # a callable yielding SearchDoc

Only public content goes in: the index is served to anyone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# The kinds of document site search knows, in the order its type filter lists them.
KINDS = ("page", "news", "library", "factcheck")

# Topic slugs the search page offers as a filter (issue 5's list), with their names. Any
# other slug in a document's `topics` is indexed and filterable too (`?topic=slug`).
TOPICS: dict[str, Promise] = {
    "gratifikasi": _("Gratification"),
    "suap": _("Bribery"),
    "pemerasan": _("Extortion"),
    "pungli": _("Illegal levies"),
    "lhkpn": _("Wealth reports (LHKPN)"),
    "konflik-kepentingan": _("Conflict of interest"),
    "nilai-antikorupsi": _("The 9 anti-corruption values"),
    "pelayanan-publik": _("Public services"),
}


@dataclass(frozen=True)
class SearchDoc:
    kind: str  # one of KINDS
    key: str  # stable identifier within the kind, e.g. str(pk)
    language: str  # "id" or "en"
    title: str
    body: str  # plain text (no HTML)
    url: str  # absolute path on this site, e.g. "/berita/judul/"
    topics: tuple[str, ...] = field(default_factory=tuple)  # topic slugs, for the filter
    published_at: datetime | None = None


Provider = Callable[[], Iterable[SearchDoc]]
_providers: dict[str, Provider] = {}


def register_provider(kind: str, provider: Provider) -> None:
    if kind not in KINDS:
        raise ValueError(f"Unknown search document kind: {kind!r}")
    _providers[kind] = provider


def providers() -> dict[str, Provider]:
    return dict(_providers)


def index(doc: SearchDoc) -> None:
    """Add or replace one document in the index (call inside the publishing transaction)."""
    from cegah.search.backend import index_documents

    index_documents([doc])


def unindex(kind: str, key: str, language: str | None = None) -> None:
    """Remove a document (all its languages unless one is named)."""
    from cegah.search.backend import remove_document

    remove_document(kind, key, language)

"""Finding threads: the list's filters and search over the analysed terms.

Every query term (canonical form, `cegah.lib.textanalysis.query_terms`) must match. On
PostgreSQL the stored `search_vector` (`tsvector('simple')` of `search_terms`, GIN-indexed by
migration 0002) answers `@@ 'a' & 'b'`; on SQLite each term is a LIKE on the space-padded
terms. Both see the same terms, so both find the same threads.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from django.db import connection

from cegah.agencies.models import Agency
from cegah.forum.models import Thread, ThreadQuerySet
from cegah.lib.textanalysis import query_terms

MAX_TERMS = 8


@dataclass(frozen=True)
class Filters:
    q: str = ""
    topic: str = ""
    region: str = ""
    agency: str = ""
    answered: bool | None = None


def matching(qs: ThreadQuerySet, text: str) -> ThreadQuerySet:
    """Threads whose analysed text holds every term of `text` (all of them when none)."""
    terms = query_terms(text)[:MAX_TERMS]
    if not terms:
        return qs
    if connection.vendor == "postgresql":
        return _matching_postgresql(qs, terms)
    for term in terms:
        qs = qs.filter(search_terms__contains=f" {term} ")
    return qs


_VECTOR = "forum_thread.search_vector @@ to_tsquery('simple', %s)"
# Below this many matches the GIN index gives them all at once and sorting them is cheap;
# above it, walking the activity index finds a page of matches within a few thousand rows.
FEW_MATCHES = 200


def _matching_postgresql(qs: ThreadQuerySet, terms: list[str]) -> ThreadQuerySet:
    """The planner cannot tell a rare term from a common one (tsvector statistics keep only
    the most common elements, and filters combine) and walks the whole activity index for a
    rare match (90 ms at 100,000 threads). One unordered probe (`LIMIT FEW_MATCHES + 1`)
    tells; few matches are then ordered by an expression, so the planner takes them from the
    GIN index and sorts them (decision 0015, bench/forum_threads.py)."""
    query = " & ".join(terms)  # terms are [a-z0-9]+ only: safe inside a tsquery
    matched = cast("ThreadQuerySet", qs.extra(where=[_VECTOR], params=[query]))  # noqa: S610
    # Without an ORDER BY the planner reads the GIN index (and the filters' own indexes).
    found = matched.order_by()[: FEW_MATCHES + 1].count()
    if found == 0:
        return qs.none()
    if found <= FEW_MATCHES:
        return cast(
            "ThreadQuerySet",
            matched.extra(
                select={"_recent": "forum_thread.last_activity_at + interval '0 seconds'"},
                order_by=["-_recent", "-id"],
            ),
        )
    return matched


def threads(filters: Filters) -> ThreadQuerySet:
    """The public threads that pass `filters`, most recently active first."""
    qs = Thread.objects.public()
    if filters.topic:
        qs = qs.filter(topic=filters.topic)
    if filters.region:
        qs = qs.in_region(filters.region)
    if filters.agency:
        agency = Agency.objects.filter(code=filters.agency).only("path").first()
        qs = qs.for_agency(agency) if agency else qs.none()
    if filters.answered is not None:
        qs = qs.answered(filters.answered)
    qs = qs.select_related("agency", "region").order_by("-last_activity_at", "-pk")
    return matching(qs, filters.q)

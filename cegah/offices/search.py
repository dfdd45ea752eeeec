"""Finding offices by name, kind and region with the shared Indonesian analyzer.

Each office stores the analyzer's terms of its name, its kind (in both languages) and the
names of its region and the regions above it in `search_text`, between spaces. A query's
terms must all be found; the last one (from three letters) as the start of a stored term, so
"klat" finds Klaten while typing. On PostgreSQL that is a `tsquery` over the stored
`search_vector` column and its GIN index (migration 0003, PostgreSQL only); elsewhere a
substring match on " term " (" term" for the last), which gives the same offices.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import translation

from cegah.lib.textanalysis import analyse, query_terms
from cegah.offices.models import Office, OfficeKind
from cegah.regions.models import Region

MAX_TERMS = 8
_SAFE = re.compile(r"^[a-z0-9]+$")


def kind_words(kind: str) -> str:
    """The kind's label in Indonesian and English, for the search document."""
    words = []
    for language in ("id", "en"):
        with translation.override(language):
            words.append(str(OfficeKind(kind).label) if kind in OfficeKind.values else kind)
    return " ".join(words)


def region_names(codes: Iterable[str]) -> dict[str, str]:
    """For each region code, the names of the region and every region above it, in one query."""
    wanted: set[str] = set()
    for code in codes:
        parts = code.split(".")
        wanted.update(".".join(parts[:i]) for i in range(1, len(parts) + 1))
    names = dict(Region.objects.filter(code__in=wanted).values_list("code", "name"))
    out = {}
    for code in codes:
        parts = code.split(".")
        out[code] = " ".join(names.get(".".join(parts[:i]), "") for i in range(len(parts), 0, -1))
    return out


def document(name: str, kind: str, regions: str, code: str = "") -> str:
    """What `Office.search_text` holds: the terms between single spaces, padded."""
    return f" {analyse(' '.join((name, code, kind_words(kind), regions)))} "


def in_region(code: str) -> Q:
    """The region itself and every region below it (codes are dotted, so "33.1" never
    matches "33.10")."""
    return Q(region_id=code) | Q(region__code__startswith=f"{code}.")


def search_offices(
    text: str, *, region_code: str = "", kind: str = "", base: QuerySet[Office] | None = None
) -> QuerySet[Office]:
    """Offices matching every term of `text` (and within `region_code`, of `kind` when given),
    by name. An empty text only filters."""
    offices = base if base is not None else Office.objects.all()
    if region_code:
        offices = offices.filter(in_region(region_code))
    if kind:
        offices = offices.filter(kind=kind)
    terms = [t for t in query_terms(text) if _SAFE.match(t)][:MAX_TERMS]
    if not terms:
        return offices
    # Only the last word is a prefix (the one being typed, from 3 letters): a prefix on
    # every word, or on a number ("1:*" matches every code starting with 1), makes the
    # index read hundreds of thousands of entries.
    last = terms[-1]
    prefix = len(last) >= 3 and not last.isdigit()
    if connection.vendor == "postgresql":
        query = " & ".join([*terms[:-1], f"{last}:*" if prefix else last])
        return offices.extra(
            where=["offices_office.search_vector @@ to_tsquery('simple'::regconfig, %s)"],
            params=[query],
        )
    for term in terms[:-1]:
        offices = offices.filter(search_text__contains=f" {term} ")
    return offices.filter(search_text__contains=f" {last}" if prefix else f" {last} ")


# Past this many matches a list is not read to its end: it is shown in storage order (the
# first page comes at once) rather than by name (sorting 200,000 matches of "sekolah" costs
# half a second), and the page asks for a narrower search.
BROAD = 1000


def ordered(offices: QuerySet[Office]) -> QuerySet[Office]:
    """`offices` by name when the search is narrow enough to read, else by id."""
    if offices.order_by()[: BROAD + 1].count() > BROAD:
        return offices.order_by("pk")
    return offices.order_by("name", "code")

"""Reading the index: match, rank, page and highlight.

Matching is done by the database's full-text index (every query term must be there), and
gives the same set of documents on SQLite and PostgreSQL because both index the same
analysed terms. Ranking is done here, in Python, never with bm25()/ts_rank, so the order is
the same on both engines too:

1. the database returns at most `CANDIDATES` matches, by entry id from the highest. An
   entry's id is its publication second followed by a hash of its kind, key and language
   (`backend.sort_key`), computed in Python: so "the newest matches" are the same rows on
   both engines, and both can walk their full-text index backwards and stop early, which
   keeps a query that matches most of 100,000 documents fast;
2. each is scored from the query terms' counts in its analysed title and text;
3. ties are broken by publication time to the second (newest first, undated last), kind,
   then key.

A query costs two SQL queries whatever the number of results: the candidates and the rows
of the page. Past `CANDIDATES` matches nothing is counted: the page says "more than 500".
"""

from __future__ import annotations

import datetime as dt
import html
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.utils.safestring import SafeString, mark_safe

from cegah.search.analysis import query_terms, words
from cegah.search.models import Entry, Kind

# The most matches ranked for one query: the newest. Past that, the count says "more than".
CANDIDATES = 500
PER_PAGE = 10
MAX_QUERY_LENGTH = 200
MAX_TERMS = 10
# Ranking: a query term in the title is worth this much more than one occurrence in the
# text; occurrences in the text saturate (K) and are weighed by the document's length
# against a typical length (LENGTH_NORM terms).
TITLE_WEIGHT = 2.0
K = 1.2
LENGTH_NORM = 200
# Snippets: this many words, starting a few words before the first match.
SNIPPET_WORDS = 30
SNIPPET_LEAD = 8
# A snippet looks no further than this many words for a match; past it, it shows the start.
SNIPPET_SCAN_WORDS = 3000


@dataclass(frozen=True)
class Filters:
    """What the reader narrowed the search to."""

    language: str
    kind: str | None = None
    topic: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    @property
    def narrowed(self) -> bool:
        return bool(self.kind or self.topic or self.date_from or self.date_to)


class Candidate(NamedTuple):
    """A matching entry, with what ranking needs."""

    id: int
    kind: str
    key: str
    published: int | None  # publication time, seconds since the epoch
    length: int  # terms in the title and text
    in_title: tuple[bool, ...]  # per query term
    counts: tuple[int, ...]  # per query term: occurrences in the text


@dataclass(frozen=True)
class Hit:
    """One result as pages and the API show it."""

    kind: str
    key: str
    title: str
    title_html: SafeString
    url: str
    snippet: SafeString
    published_at: dt.datetime | None
    topics: tuple[str, ...]

    @property
    def kind_label(self) -> str:
        return str(Kind(self.kind).label)


@dataclass
class Results:
    """One page of results, and what it was asked."""

    terms: list[str]
    count: int
    page: int
    per_page: int
    hits: list[Hit] = field(default_factory=list)
    # How many of the matches can be paged through (at most CANDIDATES).
    ranked: int = 0

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.ranked // self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def count_capped(self) -> bool:
        """More matches than could be ranked: say "more than" that many."""
        return self.count > self.ranked

    @property
    def count_shown(self) -> int:
        return min(self.count, self.ranked) if self.count_capped else self.count

    @property
    def start_index(self) -> int:
        return (self.page - 1) * self.per_page + 1 if self.hits else 0


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))


def _id_bound(moment: dt.datetime) -> int:
    """The smallest entry id of a document published at or after `moment` (see
    `backend.sort_key`)."""
    return (max(0, int(moment.timestamp())) + 1) << 20


def candidates(terms: Sequence[str], filters: Filters, limit: int) -> list[Candidate]:
    """The newest `limit` entries holding every term within the filters, newest first.

    Entry ids grow with the publication time (`backend.sort_key`), so both engines walk
    their full-text index by id, backwards, and stop after `limit` matches. Terms are
    `[a-z0-9]+` (the analyzer's output): no FTS5 or tsquery syntax can get in.
    """
    where = ["e.language = %s"]
    params: list[str | int] = [filters.language]
    if filters.kind:
        where.append("e.kind = %s")
        params.append(filters.kind)
    if filters.topic:
        where.append("e.topics LIKE %s")
        params.append(f"%|{filters.topic}|%")
    if filters.date_from:
        where.append("e.id >= %s")
        params.append(_id_bound(_day_start(filters.date_from)))
    elif filters.date_to:
        where.append("e.id >= %s")  # undated documents have the smallest ids
        params.append(_id_bound(dt.datetime.fromtimestamp(1, dt.UTC)))
    if filters.date_to:
        where.append("e.id < %s")
        params.append(_id_bound(_day_start(filters.date_to + dt.timedelta(days=1))))
    # Per term: is it in the title, and how often is it in the text. Both engines compute
    # these the same way: `replace` removes non-overlapping " term " from left to right, as
    # Python's str.count counts, on ASCII text (length in characters = in bytes).
    position = "strpos" if connection.vendor == "postgresql" else "instr"
    measures: list[str] = []
    measure_params: list[str | int] = []
    for term in terms:
        padded = f" {term} "
        measures.append(f"{position}(' ' || e.title_terms || ' ', %s) > 0")
        measures.append(
            "(length(' ' || e.body_terms || ' ') - "
            "length(replace(' ' || e.body_terms || ' ', %s, ' '))) / %s"
        )
        measure_params += [padded, padded, len(padded) - 1]
    # Only fixed fragments are joined into the SQL; every value is a parameter.
    conditions = " AND ".join(where)
    columns = ", ".join(["e.id", "e.kind", "e.key", "e.length", *measures])
    if connection.vendor == "postgresql":
        sql = (
            f"SELECT {columns} FROM search_entry e "  # noqa: S608
            f"WHERE e.search_vector @@ to_tsquery('simple', %s) AND {conditions} "
            "ORDER BY e.id DESC LIMIT %s"
        )
        match = " & ".join(terms)
    else:
        sql = (
            f"SELECT {columns} FROM search_entry_fts f JOIN search_entry e ON e.id = f.rowid "  # noqa: S608
            f"WHERE search_entry_fts MATCH %s AND {conditions} "
            "ORDER BY f.rowid DESC LIMIT %s"
        )
        match = " AND ".join(f'"{t}"' for t in terms)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*measure_params, match, *params, limit])
        rows = cursor.fetchall()
    return [
        Candidate(
            id=row[0],
            kind=row[1],
            key=row[2],
            published=_published_second(row[0]),
            length=row[3],
            in_title=tuple(bool(v) for v in row[4::2]),
            counts=tuple(int(v) for v in row[5::2]),
        )
        for row in rows
    ]


def _published_second(entry_id: int) -> int | None:
    """The publication time, to the second, that `backend.sort_key` put in the id; None for
    an undated document. Reading it from the id spares parsing a timestamp per match."""
    seconds = (entry_id >> 20) - 1
    return seconds if seconds > 0 else None


def score(candidate: Candidate) -> float:
    """Relevance: a fixed boost per query term in the title, plus each term's count in the
    text, saturating (K) and weighed by the document's length (LENGTH_NORM)."""
    norm = K * (0.25 + 0.75 * candidate.length / LENGTH_NORM)
    total = 0.0
    for in_title, tf in zip(candidate.in_title, candidate.counts, strict=True):
        if in_title:
            total += TITLE_WEIGHT
        total += tf * (K + 1) / (tf + norm)
    return round(total, 9)


def _order_key(candidate: Candidate) -> tuple[float, bool, float, str, str]:
    """Best score first; then newest, undated last; then kind and key (code-point order)."""
    published = candidate.published
    return (
        -score(candidate),
        published is None,
        -published if published is not None else 0.0,
        candidate.kind,
        candidate.key,
    )


def highlight(text: str, terms: set[str], language: str, *, whole: bool = False) -> SafeString:
    """`text` HTML-escaped, with the words whose stems are query terms in `<mark>`.

    Unless `whole`, only a window of SNIPPET_WORDS words starting a little before the first
    match (or the start of the text when nothing matches), with "…" where text is left out.
    """
    if whole:
        chosen = list(words(text, language))
        cut_before = cut_after = False
    else:
        before: deque = deque(maxlen=SNIPPET_LEAD)
        chosen = []
        stream = words(text, language)
        for seen, word in enumerate(stream, 1):
            if chosen or terms.intersection(word.terms):
                chosen.append(word)
                if len(chosen) >= SNIPPET_WORDS - len(before):
                    break
            else:
                before.append(word)
                if seen >= SNIPPET_SCAN_WORDS:
                    break
        if not chosen:  # no match near the start: show the start
            stream = words(text, language)
            before.clear()
            for word in stream:
                chosen.append(word)
                if len(chosen) >= SNIPPET_WORDS:
                    break
        chosen = [*before, *chosen]
        cut_before = bool(chosen) and chosen[0].start > 0 and bool(text[: chosen[0].start].strip())
        cut_after = next(stream, None) is not None
    if not chosen:
        return mark_safe(html.escape(text[:200]))  # noqa: S308 - escaped
    parts = ["… "] if cut_before else []
    position = chosen[0].start if cut_before else 0
    for word in chosen:
        if terms.intersection(word.terms):
            parts.append(html.escape(text[position : word.start]))
            parts.append(f"<mark>{html.escape(text[word.start : word.end])}</mark>")
            position = word.end
    end = chosen[-1].end if cut_after else len(text)
    parts.append(html.escape(text[position:end]))
    if cut_after:
        parts.append(" …")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of the text is escaped


def search(text: str, filters: Filters, *, page: int = 1, per_page: int = PER_PAGE) -> Results:
    """One page of results for `text`, best first; a page past the end gives the last one."""
    terms = query_terms(text[:MAX_QUERY_LENGTH], filters.language)[:MAX_TERMS]
    if not terms:
        return Results(terms=[], count=0, page=1, per_page=per_page)
    # One more than can be ranked tells whether there are more than CANDIDATES matches.
    rows = candidates(terms, filters, CANDIDATES + 1)
    count = len(rows)
    rows = rows[:CANDIDATES]
    rows.sort(key=_order_key)
    results = Results(terms=terms, count=count, page=1, per_page=per_page, ranked=len(rows))
    results.page = min(max(1, page), results.num_pages)
    start = (results.page - 1) * per_page
    page_ids = [row.id for row in rows[start : start + per_page]]
    if not page_ids:
        return results
    by_id = Entry.objects.only(
        "kind", "key", "title", "body", "url", "published_at", "topics"
    ).in_bulk(page_ids)
    wanted = set(terms)
    for entry_id in page_ids:
        entry = by_id[entry_id]
        results.hits.append(
            Hit(
                kind=entry.kind,
                key=entry.key,
                title=entry.title,
                title_html=highlight(entry.title, wanted, filters.language, whole=True),
                url=entry.url,
                snippet=highlight(entry.body, wanted, filters.language),
                published_at=entry.published_at,
                topics=tuple(entry.topic_list),
            )
        )
    return results

"""Reading the index: match, rank, page and highlight.

Every entry that holds every query term is a match, and every match is ranked: BM25 (the
Lucene variant of `bm25s`) over the whole index in the page's language, computed in memory
by `engine.py` from the analysed terms (a term in the title counts `TITLE_WEIGHT` times), then
the entry id, which begins with the publication second (newest first, undated last). Neither
database ranks or matches anything, so SQLite and PostgreSQL give the same results in the
same order, and the count is exact however many documents match.

A query costs two SQL queries when the index has not changed since the last one: the
index version, and the rows of the page.
"""

from __future__ import annotations

import datetime as dt
import html
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

from cegah.search.analysis import query_terms, words
from cegah.search.backend import COLLECTION
from cegah.search.engine import Collection, Ranked, Row, register_collection
from cegah.search.models import Entry, Kind

PER_PAGE = 10
MAX_QUERY_LENGTH = 200
MAX_TERMS = 10
# The title's terms count this many times in a document's BM25 (a simple field weight).
TITLE_WEIGHT = 2
# Snippets: this many words, starting a few words before the first match.
SNIPPET_WORDS = 30
SNIPPET_LEAD = 8
# A snippet looks no further than this many words for a match; past it, it shows the start.
SNIPPET_SCAN_WORDS = 3000
# SQLite allows 999 parameters in a query before 3.32; stay under it when loading rows.
LOAD_CHUNK = 900


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
    score: float = 0.0

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

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.count // self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def start_index(self) -> int:
        return (self.page - 1) * self.per_page + 1 if self.hits else 0


def _published_second(entry_id: int) -> int | None:
    """The publication time, to the second, that `backend.sort_key` put in the id; None for
    an undated document."""
    seconds = (entry_id >> 20) - 1
    return seconds if seconds > 0 else None


def _rows(ids: Sequence[int] | None) -> Iterator[Row]:
    """The entries as the ranking collection indexes them (all, or those of `ids`)."""
    columns = ("id", "language", "kind", "topics", "title_terms", "body_terms")
    if ids is None:
        batches: Iterator[Sequence[int] | None] = iter([None])
    else:
        batches = (ids[i : i + LOAD_CHUNK] for i in range(0, len(ids), LOAD_CHUNK))
    for batch in batches:
        entries = Entry.objects.all() if batch is None else Entry.objects.filter(id__in=batch)
        for entry_id, language, kind, topics, title, body in (
            entries.order_by("id").values_list(*columns).iterator(chunk_size=2000)
        ):
            yield Row(
                id=entry_id,
                language=language,
                tokens=title.split() * TITLE_WEIGHT + body.split(),
                kind=kind,
                published=_published_second(entry_id),
                topics=tuple(t for t in topics.split("|") if t),
            )


def collection() -> Collection:
    """This process's ranking index of the site's entries."""
    return register_collection(COLLECTION, _rows)


def _day_start(day: dt.date) -> int:
    return int(
        dt.datetime.combine(day, dt.time.min, tzinfo=ZoneInfo(settings.TIME_ZONE)).timestamp()
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

    def ranked_to(page: int) -> Ranked:
        return collection().rank(
            terms,
            filters.language,
            kind=filters.kind,
            topic=filters.topic,
            published_from=_day_start(filters.date_from) if filters.date_from else None,
            published_before=(
                _day_start(filters.date_to + dt.timedelta(days=1)) if filters.date_to else None
            ),
            limit=page * per_page,  # every match is scored; only these need sorting
        )

    page = max(1, page)
    ranked = ranked_to(page)
    results = Results(terms=terms, count=ranked.total, page=1, per_page=per_page)
    results.page = min(page, results.num_pages)
    if results.page < page:  # past the end: the last page
        ranked = ranked_to(results.page)
    start = (results.page - 1) * per_page
    page_ids = ranked.ids[start : start + per_page].tolist()
    page_scores = ranked.scores[start : start + per_page].tolist()
    if not page_ids:
        return results
    by_id = Entry.objects.only(
        "kind", "key", "title", "body", "url", "published_at", "topics"
    ).in_bulk(page_ids)
    wanted = set(terms)
    for entry_id, score in zip(page_ids, page_scores, strict=True):
        entry = by_id.get(entry_id)
        if entry is None:  # removed since the index was read
            continue
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
                score=score,
            )
        )
    return results

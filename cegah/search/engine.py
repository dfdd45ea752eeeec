"""BM25 ranking over a whole table, in memory, kept exactly in step with the database.

A `Collection` holds the postings (term → rows and term counts) of every row a loader yields,
in numpy arrays, and ranks with the BM25 of `bm25s` (its Lucene variant: `bm25s.scoring`'s
IDF and term-frequency functions, k1 = 1.2, b = 0.75). bm25s's own index precomputes each
score with the collection statistics of the moment it was built, so it must be rebuilt whole
when one document changes (11 s for 100,000 documents here); these postings keep the raw
counts instead and compute the statistics (number of documents, average length, document
frequency of each query term) for the current rows at query time. A score therefore depends
only on what the database holds, never on a process's history: every process, and SQLite and
PostgreSQL alike, gives the same order.

Keeping in step: each write transaction calls `record_changes(collection, row_ids)`, which
bumps the collection's `IndexVersion` (a row lock, so versions follow commit order) and
writes one `Change` per row. Before each query a process reads the version (one small query);
when it moved, it reloads just the changed rows (a row that is gone is removed), else nothing.
A stamp drawn at each bump tells a replaced history (a database restored, a test rolled back)
from a continued one; then, or when the changes it needs were pruned, the process loads the
whole collection again. Changed rows go to a small "delta" beside the base arrays and are
merged into them once the delta grows.
"""

from __future__ import annotations

import logging
import secrets
import threading
from array import array
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import chain, islice

import numpy as np
from bm25s.scoring import _score_idf_lucene, _score_tfc_lucene
from django.db import connection, transaction
from django.db.models import F

from cegah.search.models import Change, IndexVersion

logger = logging.getLogger(__name__)

K1 = 1.2
B = 0.75
# Changes kept for processes that are behind; one further behind reloads everything.
KEEP_VERSIONS = 2000
# The delta is merged into the base arrays past this many postings (or a tenth of the base).
MERGE_POSTINGS = 50_000
# Rows analysed together when the whole collection is loaded.
LOAD_BATCH = 5000
# Scores are rounded so sums done in another order cannot split a tie.
DECIMALS = 9


@dataclass(frozen=True)
class Row:
    """One row as the collection indexes it."""

    id: int
    language: str
    tokens: Sequence[str]  # analysed terms, repeats kept (repeat a field to weigh it)
    kind: str = ""
    published: int | None = None  # seconds since the epoch, for date filters
    topics: tuple[str, ...] = ()
    group: int = 0  # what the row belongs to, e.g. a claim


Loader = Callable[[Sequence[int] | None], Iterable[Row]]


@dataclass(frozen=True)
class Ranked:
    """Rows that matched, best first, with their scores."""

    ids: np.ndarray  # int64 row ids
    scores: np.ndarray  # float64
    groups: np.ndarray  # int64
    total: int = 0  # every match, also those past a `limit`

    def __len__(self) -> int:
        return len(self.ids)


@dataclass
class Stats:
    """Collection statistics for one language, and the document frequency of terms."""

    documents: int
    average_length: float
    frequencies: dict[str, int] = field(default_factory=dict)

    def idf(self, term: str) -> float:
        """The BM25 (Lucene) inverse document frequency of a term; a term no document has
        gets the highest value."""
        return float(_score_idf_lucene(self.frequencies.get(term, 0), max(self.documents, 1)))


def record_changes(collection: str, row_ids: Iterable[int]) -> None:
    """Note, in the caller's transaction, that these rows were added, replaced or removed."""
    ids = sorted(set(row_ids))
    if not ids:
        return
    stamp = secrets.token_hex(8)
    with transaction.atomic():
        bump = IndexVersion.objects.filter(collection=collection)
        if not bump.update(version=F("version") + 1, stamp=stamp):
            # The first write of a collection (two at once must not fail: no IntegrityError).
            IndexVersion.objects.bulk_create(
                [IndexVersion(collection=collection)], ignore_conflicts=True
            )
            bump.update(version=F("version") + 1, stamp=stamp)
        state = IndexVersion.objects.get(collection=collection)
        Change.objects.bulk_create(
            [
                Change(collection=collection, version=state.version, stamp=stamp, row_id=i)
                for i in ids
            ],
            batch_size=1000,
        )
        if state.version % 100 == 0 and state.version > KEEP_VERSIONS:
            through = state.version - KEEP_VERSIONS
            Change.objects.filter(collection=collection, version__lte=through).delete()
            bump.update(pruned_through=through)


class Collection:
    """The in-memory BM25 index of one collection (thread-safe; one per process)."""

    def __init__(self, name: str, loader: Loader) -> None:
        self.name = name
        self.loader = loader
        # Re-entrant: a caller may hold it across rank() and stats() for one consistent view.
        self.lock = threading.RLock()
        self.loads = 0  # full loads so far (the tests and the bench read it)
        self._clear()

    # State

    def _clear(self) -> None:
        self.version: int = -1
        self.stamp = ""
        self.vocab: dict[str, int] = {}
        self.slot_of: dict[int, int] = {}
        self.size = 0
        self.capacity = 0
        self.row_ids = np.zeros(0, np.int64)
        self.alive = np.zeros(0, bool)
        self.lengths = np.zeros(0, np.float64)
        self.languages = np.zeros(0, np.int8)
        self.kinds = np.zeros(0, np.int8)
        self.published = np.zeros(0, np.int64)
        self.groups = np.zeros(0, np.int64)
        self.topics: dict[str, np.ndarray] = {}
        self.language_codes: dict[str, int] = {}
        self.kind_codes: dict[str, int] = {}
        self.documents: dict[int, int] = {}
        self.total_length: dict[int, float] = {}
        # Base postings, by term: slots[ptr[t]:ptr[t + 1]] ascending, with their counts.
        self.ptr = np.zeros(1, np.int64)
        self.slots = np.zeros(0, np.int32)
        self.counts = np.zeros(0, np.int32)
        # Delta postings of rows added since the base was built: term → (slots, counts).
        self.delta: dict[int, tuple[array[int], array[int]]] = {}
        self.delta_postings = 0
        self._frequencies: dict[tuple[str, int], int] = {}

    def _code(self, table: dict[str, int], value: str) -> int:
        if value not in table:
            table[value] = len(table)
        return table[value]

    def _grow(self, needed: int) -> None:
        if needed <= self.capacity:
            return
        capacity = max(needed, int(self.capacity * 1.5) + 1024)

        def grown(values: np.ndarray, fill: int | float | bool = 0) -> np.ndarray:
            out = np.full(capacity, fill, dtype=values.dtype)
            out[: len(values)] = values
            return out

        self.row_ids = grown(self.row_ids)
        self.alive = grown(self.alive, False)
        self.lengths = grown(self.lengths)
        self.languages = grown(self.languages, -1)
        self.kinds = grown(self.kinds, -1)
        self.published = grown(self.published, -1)
        self.groups = grown(self.groups)
        self.topics = {t: grown(mask, False) for t, mask in self.topics.items()}
        self.capacity = capacity

    def _place_row(self, row: Row) -> int:
        """Give the row a new slot with its metadata (not its postings)."""
        self._kill(row.id)
        slot = self.size
        self._grow(slot + 1)
        self.size += 1
        language = self._code(self.language_codes, row.language)
        self.slot_of[row.id] = slot
        self.row_ids[slot] = row.id
        self.alive[slot] = True
        self.lengths[slot] = len(row.tokens)
        self.languages[slot] = language
        self.kinds[slot] = self._code(self.kind_codes, row.kind)
        self.published[slot] = row.published if row.published is not None else -1
        self.groups[slot] = row.group
        for topic in row.topics:
            if topic not in self.topics:
                self.topics[topic] = np.zeros(self.capacity, bool)
            self.topics[topic][slot] = True
        self.documents[language] = self.documents.get(language, 0) + 1
        self.total_length[language] = self.total_length.get(language, 0.0) + len(row.tokens)
        return slot

    def _postings_of(self, rows: list[Row]) -> tuple[np.ndarray, np.ndarray]:
        """Place the rows; their postings as sorted unique (term << 32 | slot) keys and the
        counts. Done for many rows at once: the work per token stays in C."""
        slots = [self._place_row(row) for row in rows]
        tokens = list(chain.from_iterable(row.tokens for row in rows))
        vocab = self.vocab
        for new in set(tokens) - vocab.keys():
            vocab[new] = len(vocab)
        ids = np.fromiter(map(vocab.__getitem__, tokens), np.int64, len(tokens))
        owner = np.repeat(np.asarray(slots, np.int64), [len(row.tokens) for row in rows])
        keys, counts = np.unique((ids << 32) | owner, return_counts=True)
        return keys, counts.astype(np.int32)

    def _kill(self, row_id: int) -> None:
        slot = self.slot_of.pop(row_id, None)
        if slot is None or not self.alive[slot]:
            return
        self.alive[slot] = False
        language = int(self.languages[slot])
        self.documents[language] -= 1
        self.total_length[language] -= float(self.lengths[slot])

    # Loading and keeping in step

    def _load_all(self, version: int, stamp: str) -> None:
        self._clear()
        keys: list[np.ndarray] = []
        counts: list[np.ndarray] = []
        rows = iter(self.loader(None))
        while batch := list(islice(rows, LOAD_BATCH)):
            batch_keys, batch_counts = self._postings_of(batch)
            keys.append(batch_keys)
            counts.append(batch_counts)
        every = np.concatenate(keys) if keys else np.zeros(0, np.int64)
        tally = np.concatenate(counts) if counts else np.zeros(0, np.int32)
        slots = every & 0xFFFFFFFF
        live = self.alive[slots]  # a row the loader yielded twice keeps its last copy
        self._build_base(every[live] >> 32, slots[live], tally[live])
        self.version, self.stamp = version, stamp
        self.loads += 1

    def _build_base(self, terms: np.ndarray, slots: np.ndarray, counts: np.ndarray) -> None:
        """Base postings from (term, slot, count) triples, one per term and slot."""
        keys = (terms.astype(np.int64) << 32) | slots.astype(np.int64)
        order = np.argsort(keys, kind="stable")
        keys = keys[order]
        self.slots = (keys & 0xFFFFFFFF).astype(np.int32)
        self.counts = counts[order].astype(np.int32)
        self.ptr = np.zeros(len(self.vocab) + 1, np.int64)
        np.cumsum(np.bincount(keys >> 32, minlength=len(self.vocab)), out=self.ptr[1:])
        self.delta = {}
        self.delta_postings = 0

    def _apply(self, rows: Iterable[Row], changed: set[int]) -> None:
        """Rows changed since our version: the ones the loader still yields are (re)placed,
        the others are gone."""
        self._frequencies = {}
        for row_id in changed:
            self._kill(row_id)
        placed = list(rows)
        if placed:
            keys, counts = self._postings_of(placed)
            for key, count in zip(keys.tolist(), counts.tolist(), strict=True):
                bucket = self.delta.get(key >> 32)
                if bucket is None:
                    bucket = self.delta[key >> 32] = (array("i"), array("i"))
                bucket[0].append(key & 0xFFFFFFFF)
                bucket[1].append(count)
            self.delta_postings += len(keys)
        if self.delta_postings > max(MERGE_POSTINGS, len(self.slots) // 10):
            self._merge()

    def _merge(self) -> None:
        """Fold the delta into the base and drop the slots of removed rows."""
        base_terms = np.repeat(np.arange(len(self.ptr) - 1, dtype=np.int64), np.diff(self.ptr))
        parts_terms = [base_terms]
        parts_slots = [self.slots.astype(np.int64)]
        parts_counts = [self.counts]
        for term, (delta_slots, delta_counts) in self.delta.items():
            parts_terms.append(np.full(len(delta_slots), term, np.int64))
            parts_slots.append(np.frombuffer(delta_slots, np.int32).astype(np.int64))
            parts_counts.append(np.frombuffer(delta_counts, np.int32))
        live = self.alive[np.concatenate(parts_slots)]
        terms = np.concatenate(parts_terms)[live]
        slots = np.concatenate(parts_slots)[live]
        counts = np.concatenate(parts_counts)[live]
        # Compact: alive slots keep their order, numbered from 0.
        keep = np.flatnonzero(self.alive[: self.size])
        renumber = np.full(self.size, -1, np.int64)
        renumber[keep] = np.arange(len(keep))
        slots = renumber[slots]
        self.row_ids = self.row_ids[keep]
        self.lengths = self.lengths[keep]
        self.languages = self.languages[keep]
        self.kinds = self.kinds[keep]
        self.published = self.published[keep]
        self.groups = self.groups[keep]
        self.topics = {t: mask[keep] for t, mask in self.topics.items()}
        self.alive = np.ones(len(keep), bool)
        self.size = self.capacity = len(keep)
        self.slot_of = {int(r): i for i, r in enumerate(self.row_ids.tolist())}
        self._build_base(terms, slots, counts)

    def _read_state(self) -> tuple[int, str, int]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT version, stamp, pruned_through FROM search_indexversion "
                "WHERE collection = %s",
                [self.name],
            )
            found = cursor.fetchone()
        return (int(found[0]), str(found[1]), int(found[2])) if found else (0, "", 0)

    def sync(self) -> None:
        """Bring the index to the database's state (call with the lock held)."""
        version, stamp, pruned = self._read_state()
        if (version, stamp) == (self.version, self.stamp):
            return
        if self.version < 0 or version < self.version or pruned > self.version:
            self._load_all(version, stamp)
            return
        changes = list(
            Change.objects.filter(collection=self.name, version__gte=self.version)
            .order_by("version")
            .values_list("version", "stamp", "row_id")
        )
        continues = self.version == 0 or any(
            v == self.version and s == self.stamp for v, s, _r in changes
        )
        if not continues:
            self._load_all(version, stamp)
            return
        changed = {r for v, _s, r in changes if v > self.version}
        self._apply(self.loader(sorted(changed)), changed)
        self.version, self.stamp = version, stamp

    # Ranking

    def _postings(self, term: str, language: int) -> tuple[np.ndarray, np.ndarray]:
        """Slots of live rows in `language` holding the term, ascending, with the counts."""
        term_id = self.vocab.get(term)
        if term_id is None:
            return np.zeros(0, np.int64), np.zeros(0, np.int32)
        slots: np.ndarray = np.zeros(0, np.int64)
        counts: np.ndarray = np.zeros(0, np.int32)
        if term_id < len(self.ptr) - 1:
            start, end = self.ptr[term_id], self.ptr[term_id + 1]
            slots, counts = self.slots[start:end].astype(np.int64), self.counts[start:end]
        extra = self.delta.get(term_id)
        if extra is not None:
            slots = np.concatenate([slots, np.frombuffer(extra[0], np.int32).astype(np.int64)])
            counts = np.concatenate([counts, np.frombuffer(extra[1], np.int32)])
        live = self.alive[slots] & (self.languages[slots] == language)
        return slots[live], counts[live]

    def stats(self, language: str, terms: Iterable[str] = ()) -> Stats:
        """The statistics ranking uses, for the rows in `language` now."""
        with self.lock:
            self.sync()
            return self._stats(language, terms)

    def _frequency(self, term: str, language: int) -> int:
        """How many live rows in `language` hold the term (cached until the rows change)."""
        key = (term, language)
        found = self._frequencies.get(key)
        if found is None:
            found = self._frequencies[key] = self._count_frequency(term, language)
        return found

    def _count_frequency(self, term: str, language: int) -> int:
        term_id = self.vocab.get(term)
        if term_id is None:
            return 0
        if term_id in self.delta or term_id >= len(self.ptr) - 1:
            return len(self._postings(term, language)[0])
        slots = self.slots[self.ptr[term_id] : self.ptr[term_id + 1]]
        live = self.alive[slots]
        if len(self.language_codes) > 1:
            live &= self.languages[slots] == language
        return int(np.count_nonzero(live))

    def _stats(self, language: str, terms: Iterable[str]) -> Stats:
        code = self.language_codes.get(language, -1)
        documents = self.documents.get(code, 0)
        average = self.total_length.get(code, 0.0) / documents if documents else 1.0
        return Stats(
            documents,
            average,
            {t: self._frequency(t, code) for t in dict.fromkeys(terms)},
        )

    def rank(
        self,
        terms: Sequence[str],
        language: str,
        *,
        require_all: bool = True,
        kind: str | None = None,
        topic: str | None = None,
        published_from: int | None = None,
        published_before: int | None = None,
        dated_only: bool = False,
        limit: int | None = None,
    ) -> Ranked:
        """Every row in `language` matching the terms (all of them, or any with
        `require_all=False`) within the filters, best BM25 score first; ties go to the
        higher row id. With `limit`, only the first `limit` of that order."""
        with self.lock:
            self.sync()
            return self._rank(
                list(dict.fromkeys(terms)),
                language,
                require_all=require_all,
                kind=kind,
                topic=topic,
                published_from=published_from,
                published_before=published_before,
                dated_only=dated_only,
                limit=limit,
            )

    def _rank(
        self,
        terms: list[str],
        language: str,
        *,
        require_all: bool,
        kind: str | None,
        topic: str | None,
        published_from: int | None,
        published_before: int | None,
        dated_only: bool,
        limit: int | None = None,
    ) -> Ranked:
        empty = Ranked(np.zeros(0, np.int64), np.zeros(0), np.zeros(0, np.int64))
        code = self.language_codes.get(language)
        if code is None or not terms:
            return empty
        documents = self.documents.get(code, 0)
        if not documents:
            return empty
        average = self.total_length[code] / documents
        postings = [self._postings(t, code) for t in terms]
        if require_all:
            if any(len(slots) == 0 for slots, _c in postings):
                return empty
            # The rarest term's rows, kept where every other term is too (each list is
            # sorted, so a binary search per row; no sorting).
            rarest = min(range(len(postings)), key=lambda i: len(postings[i][0]))
            common = postings[rarest][0]
            for i, (slots, _counts) in enumerate(postings):
                if i != rarest and len(common):
                    where = np.minimum(np.searchsorted(slots, common), len(slots) - 1)
                    common = common[slots[where] == common]
            candidates = self._filter(
                common, kind, topic, published_from, published_before, dated_only
            )
            if not len(candidates):
                return empty
            scores = np.zeros(len(candidates))
            for slots, counts in postings:
                where = np.searchsorted(slots, candidates)
                scores += self._term_scores(slots, counts, where, candidates, documents, average)
        else:
            # Any term: add each term's scores into one array over every slot.
            dense = np.zeros(self.size)
            for slots, counts in postings:
                if len(slots):
                    every = np.arange(len(slots))
                    dense[slots] += self._term_scores(
                        slots, counts, every, slots, documents, average
                    )
            candidates = self._filter(
                np.flatnonzero(dense), kind, topic, published_from, published_before, dated_only
            )
            scores = dense[candidates]
        scores = np.round(scores, DECIMALS)
        ids = self.row_ids[candidates]
        total = len(candidates)
        if limit is not None and total > limit:
            # Keep every row scoring at least the limit-th best score (ties included).
            floor = -np.partition(-scores, limit - 1)[limit - 1]
            kept = scores >= floor
            scores, ids, candidates = scores[kept], ids[kept], candidates[kept]
        order = np.lexsort((-ids, -scores))[:limit]
        return Ranked(ids[order], scores[order], self.groups[candidates][order], total)

    def _term_scores(
        self,
        slots: np.ndarray,
        counts: np.ndarray,
        where: np.ndarray,
        candidates: np.ndarray,
        documents: int,
        average: float,
    ) -> np.ndarray:
        """One term's BM25 contribution to each candidate (`where` = its place in `slots`)."""
        idf = _score_idf_lucene(len(slots), documents)
        where = np.minimum(where, len(slots) - 1)
        present = slots[where] == candidates
        tfc = _score_tfc_lucene(
            counts[where].astype(np.float64), self.lengths[candidates], average, K1, B
        )
        return np.where(present, idf * tfc, 0.0)

    def _filter(
        self,
        candidates: np.ndarray,
        kind: str | None,
        topic: str | None,
        published_from: int | None,
        published_before: int | None,
        dated_only: bool,
    ) -> np.ndarray:
        keep = np.ones(len(candidates), bool)
        if kind is not None:
            keep &= self.kinds[candidates] == self.kind_codes.get(kind, -2)
        if topic is not None:
            mask = self.topics.get(topic)
            keep &= mask[candidates] if mask is not None else False
        published = self.published[candidates]
        if dated_only or published_from is not None or published_before is not None:
            keep &= published >= 0
        if published_from is not None:
            keep &= published >= published_from
        if published_before is not None:
            keep &= published < published_before
        return candidates[keep]


_collections: dict[str, Collection] = {}
_registry_lock = threading.Lock()
_warming = threading.Event()


def register_collection(name: str, loader: Loader) -> Collection:
    """The process's collection `name`, made on first use (apps also call it from their
    `AppConfig.ready()`, so `warm_in_background` knows every collection)."""
    with _registry_lock:
        found = _collections.get(name)
        if found is None or found.loader is not loader:
            found = _collections[name] = Collection(name, loader)
        return found


def warm_in_background(**_signal: object) -> None:
    """On a process's first request (`request_started`), load every collection in a
    thread, so the first search after a start does not pay the whole load (seconds for
    100,000 documents): a search arriving meanwhile waits only for the rest of it."""
    if _warming.is_set():
        return
    _warming.set()
    threading.Thread(target=_warm, name="search-warm", daemon=True).start()


def _warm() -> None:
    from django.db import connections

    try:
        for collection in list(_collections.values()):
            with collection.lock:
                collection.sync()
    except Exception:  # the request path loads it again and reports any error there
        logger.exception("Warming the search collections failed")
    finally:
        connections.close_all()  # this thread's own connections

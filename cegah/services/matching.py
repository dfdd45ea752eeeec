"""Finding the service a person means in their own words, and the fee items that answer it.

Services are ranked with BM25 (`bm25s`) over the shared Indonesian analyzer
(`cegah.lib.textanalysis`): name, English name, the phrasings editors list and the
description. The index lives in memory, one per process, and is rebuilt when the live
services change (one small aggregate query per check tells). A few thousand services build in
well under a second; see bench/services_fee_check.py.

Two things the shared analyzer cannot see are handled here first:
- licence classes: "SIM A", "sim c1", "SIM B II" lose their one-letter class (a stopword), so
  they are joined into one word ("sima", "simc", "simb") in both documents and questions;
- which case of a service is meant ("perpanjang", "motor", "di rumah", "10 tahun"): stopwords
  such as "baru", "luar" and "panjang" decide it, so items are chosen on the question's stems
  with stopwords kept.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field

import bm25s
import numpy as np
from django.db.models import Count, Max

from cegah.lib.textanalysis import analyse_word, canonical_terms, normalise
from cegah.services.models import FeeItem, Service

_SIM_CLASS = re.compile(r"\bsim\s*-?\s*([abcd])\s*(?:i{1,2}|[12])?(?![a-z0-9])", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)

# Words that point at one case of a service (an item's variant), besides its own labels.
VARIANT_HINTS: dict[str, str] = {
    "baru": "baru bikin buat pertama new first",
    "perpanjangan": "perpanjang perpanjangan panjang renew renewal extend habis mati",
    "roda-2": "motor sepeda motor roda dua roda 2 roda tiga motorcycle",
    "roda-4": "mobil roda empat roda 4 truk bus car",
    "di-kantor": "kantor kua jam kerja office",
    "luar-kantor": "rumah masjid gedung luar minggu sabtu libur malam weekend home mosque",
    "non-el-5": "biasa non elektronik 5 lima",
    "non-el-10": "non elektronik 10 sepuluh",
    "el-5": "elektronik e-paspor epaspor 5 lima electronic",
    "el-10": "elektronik e-paspor epaspor 10 sepuluh electronic",
    "percepatan": "percepatan kilat ekspres express cepat sehari same day",
    "hilang": "hilang lost",
    "rusak": "rusak damaged",
    "wna": "asing wna foreigner",
    "wni": "wni indonesia",
    "jkn": "bpjs jkn kis peserta",
    "umum": "umum tanpa bpjs general",
}


def prepare(text: str) -> str:
    """Join licence classes into one word so the analyzer keeps them ("SIM A" → "sim sima")."""
    return _SIM_CLASS.sub(lambda m: f"sim sim{m.group(1).lower()}", text)


def terms(text: str, language: str = "id") -> list[str]:
    """The shared analyzer's canonical terms of `text`, licence classes kept."""
    return canonical_terms(prepare(text), language)


def stems(text: str) -> set[str]:
    """Every stem of `text`, stopwords kept (they tell "baru" from "perpanjangan")."""
    prepared = normalise(prepare(text))
    return {s for w in _WORD.findall(prepared) for s in analyse_word(w).stems}


def document_terms(service: Service) -> list[str]:
    """What a service is found by; the name counts most, the description least."""
    aliases = "\n".join(service.alias_list())
    return (
        terms(service.name) * 3
        + terms(service.name_en, "en") * 2
        + terms(aliases) * 2
        + terms(service.description)
        + terms(service.description_en, "en")
    )


@dataclass
class _Index:
    key: tuple[object, ...]
    ids: list[int]
    retriever: bm25s.BM25 | None


_lock = threading.Lock()
_index: _Index | None = None


def _key() -> tuple[object, ...]:
    found = Service.objects.public().aggregate(
        n=Count("pk"), top=Max("pk"), changed=Max("last_published_at")
    )
    return (found["n"], found["top"], found["changed"])


def _build(key: tuple[object, ...]) -> _Index:
    services = list(
        Service.objects.public()
        .only("pk", "name", "name_en", "aliases", "description", "description_en")
        .order_by("pk")
    )
    corpus = [document_terms(s) or ["_"] for s in services]
    if not corpus:
        return _Index(key, [], None)
    retriever = bm25s.BM25()
    retriever.index(corpus, show_progress=False)
    return _Index(key, [s.pk for s in services], retriever)


def index() -> _Index:
    """The index of live services, rebuilt when they changed."""
    global _index
    key = _key()
    with _lock:
        if _index is None or _index.key != key:
            _index = _build(key)
        return _index


def rank_services(question: str, language: str = "id", limit: int = 3) -> list[tuple[int, float]]:
    """Service ids with scores, best first; services scoring far below the best are dropped
    so a question about SIM does not list passports after it."""
    query = terms(question, language)
    if language != "id":
        query += [t for t in terms(question) if t not in query]
    current = index()
    if not query or current.retriever is None:
        return []
    vocabulary = current.retriever.vocab_dict
    known = [t for t in dict.fromkeys(query) if t in vocabulary]
    if not known:
        return []
    scores = np.asarray(current.retriever.get_scores(known), dtype=np.float64)
    order = np.argsort(-scores, kind="stable")[:limit]
    best = float(scores[order[0]]) if len(order) else 0.0
    if best <= 0:
        return []
    return [
        (current.ids[i], round(float(scores[i]), 6))
        for i in order
        if scores[i] > 0 and scores[i] >= best * 0.3
    ]


def item_score(item: FeeItem, question_stems: set[str]) -> float:
    """How well an item's case fits the question: shared stems with its labels and hints."""
    text = " ".join(
        (
            item.label,
            item.label_en,
            item.variant.replace("-", " "),
            VARIANT_HINTS.get(item.variant, ""),
        )
    )
    item_stems = stems(text)
    score = float(len(item_stems & question_stems))
    # "non-elektronik" shares "elektronik" with the electronic passport: a case that is the
    # negation of what was asked loses the tie.
    if "non" in item_stems and "non" not in question_stems:
        score -= 1
    return score


@dataclass
class ServiceMatch:
    """A service the question points at, its score, and the items in force (best first)."""

    service: Service
    score: float
    items: list[tuple[FeeItem, float]] = field(default_factory=list)


def region_prefixes(region_code: str | None) -> list[str]:
    """The codes whose local levies apply in a region: "33.10.01" → "33", "33.10", "33.10.01"."""
    if not region_code:
        return []
    parts = region_code.strip().split(".")
    return [".".join(parts[: n + 1]) for n in range(len(parts))]


def applicable_items(
    items: Sequence[FeeItem], *, on: dt.date, region_code: str | None
) -> list[FeeItem]:
    """The items that answer in a region on a day: per case (variant), the national item,
    unless a local levy of that region exists and the law lets regions set it (the national
    item says so, or there is no national item). The most specific region wins."""
    prefixes = region_prefixes(region_code)
    by_variant: dict[str, list[FeeItem]] = {}
    for item in items:
        if not item.in_force_on(on):
            continue
        if item.region_code and item.region_code not in prefixes:
            continue
        by_variant.setdefault(item.variant, []).append(item)
    chosen: list[FeeItem] = []
    for candidates in by_variant.values():
        national = [i for i in candidates if not i.region_code]
        local = sorted((i for i in candidates if i.region_code), key=lambda i: -len(i.region_code))
        overridable = not national or any(i.regions_may_override for i in national)
        if local and overridable:
            chosen.append(local[0])
        elif national:
            chosen.append(national[0])
    return sorted(chosen, key=lambda i: (i.sort_order, i.variant))


def find(
    question: str,
    *,
    on: dt.date,
    region_code: str | None = None,
    language: str = "id",
    limit: int = 3,
) -> list[ServiceMatch]:
    """The services a question points at, best first, each with its items in force on `on`
    in the region (an empty list when the service had no fee on that day)."""
    ranked = rank_services(question, language, limit)
    if not ranked:
        return []
    services = Service.objects.public().in_bulk([pk for pk, _ in ranked])
    items_of: dict[int, list[FeeItem]] = {}
    for item in (
        FeeItem.objects.public()
        .in_force(on)
        .filter(service_id__in=services.keys())
        .prefetch_related("legal_bases")
    ):
        items_of.setdefault(item.service_id, []).append(item)
    question_stems = stems(question)
    matches = []
    for pk, score in ranked:
        service = services.get(pk)
        if service is None:
            continue
        items = applicable_items(items_of.get(pk, []), on=on, region_code=region_code)
        scored = [(item, item_score(item, question_stems)) for item in items]
        scored.sort(key=lambda pair: -pair[1])  # stable: ties keep the editors' order
        matches.append(ServiceMatch(service, score, scored))
    return matches

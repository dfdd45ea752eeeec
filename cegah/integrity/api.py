"""`/api/v1/integrity`: approved MCP and SPI figures, national indices, and categories by the
bands of a survey year. Public, read-only; withheld and interim figures and averages over a
region are left out of `scores`."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from cegah.api.errors import responses
from cegah.integrity.judging import Book
from cegah.integrity.models import Instrument, NationalIndex, Score

router = Router(tags=["integrity"])

MIN_YEAR = 2000
MAX_YEAR = 2100


class IntegrityGovernment(Schema):
    region_code: str = Field(description="Kemendagri code (33.10 = Kabupaten Klaten).")
    name: str


class IntegrityCategory(Schema):
    code: str
    label: str


class IntegritySource(Schema):
    title: str
    url: str


class IntegrityScore(Schema):
    instrument: str
    year: int = Field(description="The survey (SPI) or assessment (MCP) year, not the release.")
    government: IntegrityGovernment
    score: float
    category: IntegrityCategory | None = Field(
        description="By the bands of that year; null when none were published for it."
    )
    published_category: str = Field(description="The label the source gave, if any.")
    published_rank: int | None
    published_rank_of: int | None
    rank_scope: str | None
    components: dict[str, float]
    source: IntegritySource
    confidence: str


class IntegrityScores(Schema):
    results: list[IntegrityScore]


class ScoreFilters(Schema):
    instrument: Instrument | None = Field(None, description="mcp or spi.")
    region: str | None = Field(None, max_length=40, description="Kemendagri code, e.g. 33.10.")
    year: int | None = Field(None, ge=MIN_YEAR, le=MAX_YEAR)


def _category(book: Book, instrument: str, year: int, value: Any) -> dict[str, str] | None:
    band = book.judge(instrument, year, value)
    return {"code": band.code, "label": band.label} if band else None


@router.get(
    "/scores",
    response={200: IntegrityScores, **responses(422)},
    auth=None,
    summary="Approved MCP and SPI scores",
)
def scores(request: HttpRequest, filters: Query[ScoreFilters]) -> dict[str, Any]:
    """Final scores of governments, filtered by instrument, region code and year."""
    book = Book.load(sets=False)
    qs = Score.objects.approved().final().select_related("government", "source")
    if filters.instrument:
        qs = qs.filter(instrument=filters.instrument)
    if filters.region:
        qs = qs.filter(government__code=filters.region)
    if filters.year:
        qs = qs.filter(year=filters.year)
    results = []
    for s in qs.order_by("instrument", "year", "government__code")[:2000]:
        results.append(
            {
                "instrument": s.instrument,
                "year": s.year,
                "government": {"region_code": s.government.code, "name": s.government.name},
                "score": float(s.score or 0),
                "category": _category(book, s.instrument, s.year, s.score),
                "published_category": s.published_category,
                "published_rank": s.published_rank,
                "published_rank_of": s.rank_of,
                "rank_scope": s.rank_scope or None,
                "components": {k: float(v) for k, v in (s.components or {}).items()},
                "source": {"title": s.source.title, "url": s.source.url},
                "confidence": s.confidence,
            }
        )
    return {"results": results}


class NationalFilters(Schema):
    instrument: Instrument = Field(description="spi or mcp.")
    year: int = Field(ge=MIN_YEAR, le=MAX_YEAR)


class IntegrityNational(Schema):
    instrument: str
    year: int
    index: float | None = Field(description="null when no index was published that year.")
    approximate: bool
    derived: bool = Field(description="Worked out by arithmetic, not published.")
    category: IntegrityCategory | None
    published_category: str
    target: float | None
    components: dict[str, float]
    by_kind: dict[str, float]
    source: IntegritySource | None
    confidence: str | None
    note: str


@router.get(
    "/national",
    response={200: IntegrityNational, **responses(422)},
    auth=None,
    summary="National index of an instrument in a year",
)
def national(request: HttpRequest, filters: Query[NationalFilters]) -> dict[str, Any]:
    """The national index with what was published about it; `index` null when not found."""
    row = (
        NationalIndex.objects.select_related("source")
        .filter(instrument=filters.instrument, year=filters.year)
        .first()
    )
    book = Book.load(sets=False)
    if row is None:
        return {
            "instrument": filters.instrument,
            "year": filters.year,
            "index": None,
            "approximate": False,
            "derived": False,
            "category": None,
            "published_category": "",
            "target": None,
            "components": {},
            "by_kind": {},
            "source": None,
            "confidence": None,
            "note": "",
        }
    return {
        "instrument": row.instrument,
        "year": row.year,
        "index": float(row.index) if row.index is not None else None,
        "approximate": row.approximate,
        "derived": row.confidence == "derived",
        "category": _category(book, row.instrument, row.year, row.index),
        "published_category": row.published_category,
        "target": float(row.target) if row.target is not None else None,
        "components": {k: float(v) for k, v in row.components.items()},
        "by_kind": {k: float(v) for k, v in row.by_kind.items()},
        "source": {"title": row.source.title, "url": row.source.url} if row.source else None,
        "confidence": row.confidence,
        "note": row.note,
    }


class CategoryFilters(Schema):
    instrument: Instrument = Field(description="spi or mcp.")
    year: int = Field(ge=MIN_YEAR, le=MAX_YEAR, description="The survey year.")
    score: float | None = Field(None, ge=0, le=100, description="A score to judge.")


class IntegrityBand(Schema):
    code: str
    label: str
    label_en: str
    lower: float
    upper: float | None = Field(description="Exclusive; null for the top band.")
    confidence: str


class IntegrityCategories(Schema):
    instrument: str
    year: int
    category: IntegrityCategory | None = Field(
        description="The band holding `score`; null without a score or without bands that year."
    )
    bands: list[IntegrityBand]


@router.get(
    "/categories",
    response={200: IntegrityCategories, **responses(422)},
    auth=None,
    summary="Category bands of a survey year, and the category of a score",
)
def categories(request: HttpRequest, filters: Query[CategoryFilters]) -> dict[str, Any]:
    """The bands in force for that survey year (they changed between years)."""
    book = Book.load(sets=False)
    bands = book.bands_for(filters.instrument, filters.year)
    return {
        "instrument": filters.instrument,
        "year": filters.year,
        "category": _category(book, filters.instrument, filters.year, filters.score),
        "bands": [
            {
                "code": b.code,
                "label": b.label,
                "label_en": b.label_en,
                "lower": float(b.lower),
                "upper": float(b.upper) if b.upper is not None else None,
                "confidence": b.confidence,
            }
            for b in bands
        ],
    }

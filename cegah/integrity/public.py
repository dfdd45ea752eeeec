"""What the integrity app offers the rest of the platform (the assistant's answers fill their
figures from here, so an answer never carries a copy of a published number). Published,
approved figures only; no personal data."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from cegah.integrity.models import Band, GovernmentKind, NationalIndex, Score


@dataclass(frozen=True)
class NationalPoint:
    """The national index of an instrument in one year."""

    year: int
    index: Decimal
    approximate: bool


@dataclass(frozen=True)
class BandInfo:
    """One category band of a survey year: `lower` ≤ score < `upper` (no upper: to 100)."""

    label: str
    label_en: str
    colour: str
    lower: Decimal
    upper: Decimal | None


@dataclass(frozen=True)
class GovernmentScore:
    """A government's published score, with its category as published."""

    name: str
    score: Decimal
    published_category: str


def national_series(instrument: str, *, since: int | None = None) -> list[NationalPoint]:
    """The national index per year (years without a published index left out), oldest first."""
    rows = NationalIndex.objects.filter(instrument=instrument, index__isnull=False)
    if since is not None:
        rows = rows.filter(year__gte=since)
    return [
        NationalPoint(row.year, row.index, row.approximate)
        for row in rows.order_by("year")
        if row.index is not None
    ]


def national_index(instrument: str) -> NationalPoint | None:
    """The latest published national index of the instrument."""
    series = national_series(instrument)
    return series[-1] if series else None


def bands(instrument: str, year: int) -> list[BandInfo]:
    """The category bands in force for that survey year, lowest first (none when that year
    has no published bands)."""
    return [
        BandInfo(band.label, band.label_en, band.colour, band.lower, band.upper)
        for band in Band.objects.filter(instrument=instrument, year=year).order_by("lower")
    ]


def top_provinces(instrument: str, year: int, count: int) -> list[GovernmentScore]:
    """The provincial governments with the highest published final scores of that year."""
    scores = (
        Score.objects.approved()
        .final()
        .filter(instrument=instrument, year=year, government__kind=GovernmentKind.PROVINCE)
        .select_related("government")
        .order_by("-score", "government__name")[:count]
    )
    return [
        GovernmentScore(s.government.name, s.score, s.published_category)
        for s in scores
        if s.score is not None
    ]

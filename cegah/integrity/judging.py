"""The category a score falls in by the bands of its own survey year, and the component set
(MCP areas, SPI components) in force in a year. Both read rows, never constants, and load
their small tables once per `Book`, so a page of many scores costs two queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from cegah.integrity.models import Band, Component, ComponentSet


@dataclass
class Book:
    """Every band and component set, loaded once."""

    bands: dict[tuple[str, int], list[Band]] = field(default_factory=dict)
    sets: list[ComponentSet] = field(default_factory=list)

    @classmethod
    def load(cls, *, sets: bool = True) -> Book:
        """Bands always; the component sets unless `sets` is False (a ranking needs none)."""
        book = cls()
        for band in Band.objects.select_related("source").order_by("lower"):
            book.bands.setdefault((band.instrument, band.year), []).append(band)
        if sets:
            book.sets = list(
                ComponentSet.objects.prefetch_related("components").order_by("first_year")
            )
        return book

    def bands_for(self, instrument: str, year: int) -> list[Band]:
        """The bands published for that survey year; none when no source gave them."""
        return self.bands.get((instrument, year), [])

    def judge(self, instrument: str, year: int, score: Decimal | float | None) -> Band | None:
        """The band of `year` that holds `score`, or None (no score, or no bands that year)."""
        if score is None:
            return None
        value = Decimal(str(score))
        for band in self.bands_for(instrument, year):
            if band.contains(value):
                return band
        return None

    def component_set(self, instrument: str, year: int) -> ComponentSet | None:
        """The set in force in `year`: the latest whose range holds the year."""
        found = None
        for cs in self.sets:
            if (
                cs.instrument == instrument
                and cs.first_year <= year
                and (cs.last_year is None or year <= cs.last_year)
            ):
                found = cs
        return found

    def components(self, instrument: str, year: int) -> list[Component]:
        cs = self.component_set(instrument, year)
        return list(cs.components.all()) if cs else []


def judge(instrument: str, year: int, score: Decimal | float | None) -> Band | None:
    """One-off form of `Book.judge` (two small queries)."""
    return Book.load().judge(instrument, year, score)

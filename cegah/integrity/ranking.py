"""Rankings computed from the approved final scores of one instrument and year, beside the
ranks as published.

The computed rank is the platform's own order of what it holds (ties share a rank); it is
never written over the published rank, whose denominator may count the province itself (Solo
was 19th of 36 in Central Java, which has 35 regencies and cities). Within a province the
province's own government is listed but ranked apart from its regencies and cities.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from cegah.integrity.judging import Book
from cegah.integrity.models import (
    Band,
    Government,
    GovernmentKind,
    Score,
    SizeClass,
)


@dataclass(frozen=True)
class RankRow:
    rank: int | None
    government: Government
    score: Score
    band: Band | None
    size_class: str


def scores_for(instrument: str, year: int) -> QuerySet[Score]:
    return (
        Score.objects.approved()
        .final()
        .filter(instrument=instrument, year=year)
        .select_related("government", "source")
        .only(
            "pk",
            "instrument",
            "year",
            "score",
            "published_category",
            "published_rank",
            "rank_of",
            "rank_scope",
            "size_class",
            "confidence",
            "government__code",
            "government__name",
            "government__kind",
            "government__province_code",
            "government__size_class",
            "source__key",
            "source__title",
            "source__url",
        )
    )


def _ranked(scores: list[Score], book: Book, *, rank: bool = True) -> list[RankRow]:
    scores.sort(key=lambda s: (-(s.score or Decimal(0)), s.government.name))
    rows = []
    previous: Decimal | None = None
    current = 0
    for position, score in enumerate(scores, start=1):
        if score.score != previous:
            current = position
            previous = score.score
        rows.append(
            RankRow(
                rank=current if rank else None,
                government=score.government,
                score=score,
                band=book.judge(score.instrument, score.year, score.score),
                size_class=score.size_class or score.government.size_class,
            )
        )
    return rows


def province_ranking(
    instrument: str, year: int, province_code: str, book: Book
) -> tuple[list[RankRow], RankRow | None]:
    """Regencies and cities of the province ranked, and the province's own row apart."""
    scores = list(scores_for(instrument, year).filter(government__province_code=province_code))
    own = [s for s in scores if s.government.kind == GovernmentKind.PROVINCE]
    rest = [s for s in scores if s.government.kind != GovernmentKind.PROVINCE]
    own_row = _ranked(own, book, rank=False)[0] if own else None
    return _ranked(rest, book), own_row


def national_ranking(
    instrument: str, year: int, book: Book, *, kind: str = "", size_class: str = ""
) -> list[RankRow]:
    """Governments of one kind (or all) nationally, optionally of one KPK size class."""
    qs = scores_for(instrument, year)
    if kind:
        qs = qs.filter(government__kind=kind)
    scores = list(qs)
    if size_class in SizeClass.values and size_class:
        scores = [s for s in scores if (s.size_class or s.government.size_class) == size_class]
    return _ranked(scores, book)


def years_with_scores(instrument: str) -> list[int]:
    # order_by() first: the model's ordering would otherwise make DISTINCT run over its fields.
    return sorted(
        set(
            Score.objects.approved()
            .final()
            .filter(instrument=instrument)
            .order_by()
            .values_list("year", flat=True)
            .distinct()
        ),
        reverse=True,
    )

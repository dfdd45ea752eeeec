"""Progress in KPK's programmes (anti-corruption villages, schools of integrity): per
participant the indicators met in each assessed year and the change from the previous
assessment; per government its participants with their latest progress.

An indicator is met when its value is at or above `Assessment.PASS_MARK`; an indicator with
no value that year counts as not met, so the share is always over the programme's whole
indicator set (a year assessed on fewer indicators does not look better).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch

from cegah.integrity.models import Assessment, Government, Indicator, Participant


@dataclass(frozen=True)
class YearProgress:
    """One assessment: each indicator's value (None when not assessed) and what was met."""

    assessment: Assessment
    values: list[tuple[Indicator, float | None, bool]]
    met: int
    total: int
    change: int | None  # indicators met minus those met at the previous assessment

    @property
    def year(self) -> int:
        return self.assessment.year

    @property
    def change_size(self) -> int:
        return abs(self.change or 0)

    @property
    def percent(self) -> int:
        return round(100 * self.met / self.total) if self.total else 0


@dataclass
class ParticipantProgress:
    participant: Participant
    years: list[YearProgress] = field(default_factory=list)

    @property
    def latest(self) -> YearProgress | None:
        return self.years[-1] if self.years else None


def _value(raw: object) -> float | None:
    try:
        return float(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def progress_of(
    participant: Participant,
    indicators: list[Indicator],
    assessments: list[Assessment] | None = None,
) -> ParticipantProgress:
    """Indicators met per assessed year, oldest first, each with the change from the one
    before (None for the first). Pass `assessments` when they were prefetched."""
    if assessments is None:
        assessments = list(participant.assessments.all())
    result = ParticipantProgress(participant)
    previous: int | None = None
    for assessment in sorted(assessments, key=lambda a: a.year):
        values = []
        for indicator in indicators:
            value = _value((assessment.values or {}).get(indicator.code))
            values.append((indicator, value, value is not None and value >= Assessment.PASS_MARK))
        met = sum(1 for _i, _v, ok in values if ok)
        result.years.append(
            YearProgress(
                assessment=assessment,
                values=values,
                met=met,
                total=len(indicators),
                change=None if previous is None else met - previous,
            )
        )
        previous = met
    return result


def indicators_by_programme() -> dict[str, list[Indicator]]:
    """Every programme's indicators in order, in one query."""
    found: dict[str, list[Indicator]] = {}
    for indicator in Indicator.objects.select_related("source").order_by("programme", "order"):
        found.setdefault(indicator.programme, []).append(indicator)
    return found


def participants_progress(
    *, programme: str | None = None, government: Government | None = None
) -> list[ParticipantProgress]:
    """The progress of every participant of a programme or of a government (three queries)."""
    qs = Participant.objects.select_related("government").prefetch_related(
        Prefetch("assessments", queryset=Assessment.objects.order_by("year"))
    )
    if programme is not None:
        qs = qs.filter(programme=programme)
    if government is not None:
        qs = qs.filter(government=government)
    indicators = indicators_by_programme()
    return [
        progress_of(p, indicators.get(p.programme, []), list(p.assessments.all()))
        for p in qs.order_by("programme", "government__name", "name")
    ]

"""Public aggregates of submitted reports, per government and nationally, by year and month:
how many, their value, KPK's outcomes, and the share reported on time. No personal data, and
no figure that points at a person.

Small-cell suppression (docs/decisions/0009-gratification-defects.md): a count of 1 to 4
reports is never published, nor the value of those reports. The page, the CSV and the XLSX
show one grid (each government by month, with the year's totals and the nation's totals as
its margins), so a hidden cell could be worked out by subtracting the cells beside it from a
total; complementary suppression hides further cells until every hidden group in a line of
the grid covers at least five reports, or none is left alone. A month or government whose
report count is hidden is hidden whole. The share on time also publishes the late reports,
so it is hidden when either side is 1 to 4.

This protects against reading a small number off the tables and against subtracting within
one line of the grid; it is not a full audit against every combination of lines (see the
decision for what is left).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext

from cegah.agencies.models import Agency
from cegah.gratification.models import Decision, GratificationReport, ReportStatus

# Counts below this (and above zero) are never published.
MIN_CELL = 5
# Grid keys: a government's id, or NATION; a month 1–12, or YEAR for the whole year.
NATION = 0
YEAR = 0

Key = tuple[int, int]

OUTCOMES: tuple[str, ...] = (*(d.value for d in Decision), "determination_stopped")


@dataclasses.dataclass
class Figures:
    """The true counts of one cell of the grid (never shown as they are)."""

    reports: int = 0
    value_idr: int = 0
    on_time: int = 0
    outcomes: dict[str, int] = dataclasses.field(default_factory=lambda: dict.fromkeys(OUTCOMES, 0))

    @property
    def late(self) -> int:
        return self.reports - self.on_time

    def add(self, other: Figures) -> None:
        self.reports += other.reports
        self.value_idr += other.value_idr
        self.on_time += other.on_time
        for name in OUTCOMES:
            self.outcomes[name] += other.outcomes[name]


@dataclasses.dataclass
class Row:
    """One published line: a month (or the whole year) of one government or the nation.

    `None` means hidden: a count of 1 to 4, or a figure hidden so that one cannot be worked
    out. Zero is published (nobody is in it)."""

    year: int
    month: int | None
    agency: str
    agency_code: str
    reports: int | None
    value_idr: int | None
    on_time_share: float | None
    share_hidden: bool
    outcomes: dict[str, int | None]

    @property
    def hidden(self) -> bool:
        return self.reports is None

    @property
    def month_name(self) -> str:
        return str(MONTHS[self.month]) if self.month else gettext("Whole year")

    @property
    def outcome_cells(self) -> list[tuple[int | None, str]]:
        """KPK's outcomes with their headings, in the order of the table's columns."""
        return [(self.outcomes[d.value], str(d.label)) for d in Decision] + [
            (
                self.outcomes["determination_stopped"],
                gettext("Determination stopped (not completed in time)"),
            )
        ]

    def __getattr__(self, name: str) -> Any:
        # row.milik_negara etc., for templates and tests.
        outcomes = self.__dict__.get("outcomes", {})
        if name in outcomes:
            return outcomes[name]
        raise AttributeError(name)


def submitted() -> Any:
    return GratificationReport.objects.filter(submitted_at__isnull=False).annotate(
        year=ExtractYear("submitted_at"), month=ExtractMonth("submitted_at")
    )


def years() -> list[int]:
    """The years with at least one submitted report, newest first (and this year)."""
    found = set(submitted().values_list("year", flat=True).distinct())
    found.add(timezone.localdate().year)
    return sorted(found, reverse=True)


def months_of(year: int, today: dt.date | None = None) -> list[int]:
    """The months of `year` that have begun: all twelve for a past year."""
    today = today or timezone.localdate()
    if year > today.year:
        return []
    return list(range(1, (today.month if year == today.year else 12) + 1))


def _aggregates() -> dict[str, Any]:
    return {
        "reports": Count("id"),
        "value_idr": Sum("value_idr"),
        "on_time": Count("id", filter=Q(late=False)),
        **{d.value: Count("id", filter=Q(decision=d.value)) for d in Decision},
        "determination_stopped": Count("id", filter=Q(status=ReportStatus.DETERMINATION_STOPPED)),
    }


# --- suppression ------------------------------------------------------------------------------


def _relations(governments: Iterable[int], months: Iterable[int]) -> list[tuple[list[Key], Key]]:
    """Every line of the grid: (its cells, the total they add up to)."""
    govs, mons = list(governments), list(months)
    lines: list[tuple[list[Key], Key]] = []
    for g in [*govs, NATION]:
        lines.append(([(g, m) for m in mons], (g, YEAR)))
    for m in [*mons, YEAR]:
        lines.append(([(g, m) for g in govs], (NATION, m)))
    return lines


def protect(
    measures: list[dict[Key, int]],
    relations: list[tuple[list[Key], Key]],
    hidden: set[Key] | None = None,
) -> set[Key]:
    """The cells to hide for counts published together (such as the on-time and the late
    reports behind a share): those already `hidden`, every cell where a measure counts 1 to
    MIN_CELL − 1, and enough others that in each line of the grid no hidden cell stands alone
    and, where the line's total is published, the hidden cells cover zero or at least MIN_CELL
    of every measure. Complementary cells are the line's smallest non-zero ones; when none is
    left, the line's total is hidden instead."""
    hidden = set(hidden or ())
    for values in measures:
        hidden |= {key for key, value in values.items() if 0 < value < MIN_CELL}
    changed = True
    while changed:
        changed = False
        for cells, total in relations:
            inner = [key for key in cells if key in hidden]
            total_hidden = total in hidden
            unknown = len(inner) + total_hidden
            if unknown == 0:
                continue
            short = None
            if unknown == 1:
                short = measures[0]
            elif not total_hidden:
                for values in measures:
                    covered = sum(values.get(key, 0) for key in inner)
                    if 0 < covered < MIN_CELL:
                        short = values
                        break
            if short is None:
                continue
            candidates = sorted(
                (key for key in cells if key not in hidden and short.get(key, 0) > 0),
                key=lambda key: (short.get(key, 0), key),
            )
            if not candidates and unknown == 1:
                # The lone hidden cell is the total: any non-zero cell of another measure.
                candidates = sorted(
                    key
                    for key in cells
                    if key not in hidden and any(v.get(key, 0) > 0 for v in measures)
                )
            if candidates:
                hidden.add(candidates[0])
            elif not total_hidden:
                hidden.add(total)
            else:
                continue
            changed = True
    return hidden


@dataclasses.dataclass
class Published:
    """The suppressed grid of one year: what every page and file shows."""

    year: int
    months: list[int]
    governments: dict[int, tuple[str, str]]  # id → (name, code), in name order
    rows: dict[Key, Row]

    def row(self, government: int, month: int) -> Row:
        return self.rows[(government, month)]

    def monthly(self, government: Agency | None = None) -> list[Row]:
        """The year's months and its total, for one government or the nation; [] when the
        government has no report that year."""
        g = NATION if government is None else government.pk
        if g != NATION and g not in self.governments:
            return []
        if g == NATION and not self.governments:
            return []
        return [self.rows[(g, m)] for m in [*self.months, YEAR]]

    def per_government(self) -> list[Row]:
        """Each government's year, then the nation's."""
        if not self.governments:
            return []
        return [self.rows[(g, YEAR)] for g in self.governments] + [self.rows[(NATION, YEAR)]]

    def export_rows(self) -> list[Row]:
        """Every government's months and year, then the nation's: the whole grid."""
        rows: list[Row] = []
        for g in [*self.governments, NATION]:
            rows += [self.rows[(g, m)] for m in [*self.months, YEAR]]
        return rows


def publish(year: int, today: dt.date | None = None) -> Published:
    """The year's grid, counted in two queries and suppressed as the module says."""
    months = months_of(year, today)
    values = (
        submitted()
        .filter(year=year)
        .values("government_id", "month")
        .annotate(**_aggregates())
        .order_by()
    )
    cells: dict[Key, Figures] = {}
    for v in values:
        if v["month"] not in months:
            continue  # submitted "in the future" by a clock ahead of the platform's
        cells[(v["government_id"], v["month"])] = Figures(
            reports=v["reports"],
            value_idr=v["value_idr"] or 0,
            on_time=v["on_time"],
            outcomes={name: v[name] for name in OUTCOMES},
        )
    ids = {g for g, _m in cells}
    governments = {
        agency.pk: (agency.name, agency.code)
        for agency in Agency.objects.filter(pk__in=ids).order_by("name", "pk")
    }
    grid: dict[Key, Figures] = {}
    for g in [*governments, NATION]:
        for m in [*months, YEAR]:
            grid[(g, m)] = Figures()
    for (g, m), figures in cells.items():
        for key in ((g, m), (g, YEAR), (NATION, m), (NATION, YEAR)):
            grid[key].add(figures)

    relations = _relations(governments, months)
    reports = {k: f.reports for k, f in grid.items()}
    reports_hidden = protect([reports], relations)
    # The share on time publishes the on-time and the late reports alike.
    share_hidden = protect(
        [{k: f.on_time for k, f in grid.items()}, {k: f.late for k, f in grid.items()}],
        relations,
        reports_hidden,
    )
    outcome_hidden = {
        name: protect([{k: f.outcomes[name] for k, f in grid.items()}], relations, reports_hidden)
        for name in OUTCOMES
    }

    national = gettext("Nationwide")
    rows: dict[Key, Row] = {}
    for (g, m), f in grid.items():
        name, code = governments.get(g, (national, ""))
        hidden = (g, m) in reports_hidden
        share = None
        if (g, m) not in share_hidden and f.reports:
            share = round(100 * f.on_time / f.reports, 1)
        rows[(g, m)] = Row(
            year=year,
            month=m or None,
            agency=name,
            agency_code=code,
            reports=None if hidden else f.reports,
            value_idr=None if hidden else f.value_idr,
            on_time_share=share,
            share_hidden=(g, m) in share_hidden,
            outcomes={o: None if (g, m) in outcome_hidden[o] else f.outcomes[o] for o in OUTCOMES},
        )
    return Published(year=year, months=months, governments=governments, rows=rows)


# --- the downloads ------------------------------------------------------------------------------


def hidden_mark() -> str:
    """What a hidden figure reads in the page and the files, in the active language."""
    return gettext("hidden")


def export_header() -> list[str]:
    """The column headings of the downloads, in the language of the request."""
    return [
        gettext("Year"),
        gettext("Month"),
        gettext("Agency"),
        gettext("Reports"),
        gettext("Value (IDR)"),
        gettext("Reported on time (%)"),
        *[str(d.label) for d in Decision],
        gettext("Determination stopped"),
    ]


def export_row(row: Row) -> list[Any]:
    """One line of the downloads (CSV and XLSX), in the order of `export_header()`; a hidden
    figure is the word of `hidden_mark()`, never a number."""
    mark = hidden_mark()

    def shown(value: Any) -> Any:
        return mark if value is None else value

    share: Any = row.on_time_share
    if share is None:
        share = mark if row.share_hidden else ""
    return [
        row.year,
        row.month_name,
        row.agency,
        shown(row.reports),
        shown(row.value_idr),
        share,
        *[shown(row.outcomes[d.value]) for d in Decision],
        shown(row.outcomes["determination_stopped"]),
    ]


def export_note() -> str:
    """The sentence that explains the hidden figures, for the files."""
    return gettext(
        "To protect the people who reported, a count of 1 to 4 reports is never shown, nor "
        "their value; some other figures are hidden too, so that a hidden one cannot be worked "
        "out from the totals. Hidden figures read “%(mark)s”."
    ) % {"mark": hidden_mark()}

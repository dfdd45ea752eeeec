"""Aggregates of submitted reports, per government and nationally, by year and month:
how many, their value, KPK's outcomes, and the share reported on time. No personal data."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils import timezone
from django.utils.translation import gettext

from cegah.agencies.models import Agency
from cegah.gratification.models import Decision, GratificationReport, ReportStatus


@dataclasses.dataclass
class Row:
    """One line of the statistics: a month (or a whole year) of one government or the nation."""

    year: int
    month: int | None
    agency: str
    reports: int
    value_idr: int
    on_time: int
    milik_penerima: int
    milik_negara: int
    milik_negara_dapat_diganti_uang: int
    tidak_dapat_ditindaklanjuti: int
    # Returned reports not completed in time: KPK's determination stopped (no decision).
    determination_stopped: int

    @property
    def on_time_share(self) -> float | None:
        return round(100 * self.on_time / self.reports, 1) if self.reports else None


def _aggregates() -> dict[str, Any]:
    return {
        "reports": Count("id"),
        "value_idr": Sum("value_idr"),
        "on_time": Count("id", filter=Q(late=False)),
        **{d.value: Count("id", filter=Q(decision=d.value)) for d in Decision},
        "determination_stopped": Count("id", filter=Q(status=ReportStatus.DETERMINATION_STOPPED)),
    }


def _row(values: dict[str, Any], agency: str, month: int | None) -> Row:
    return Row(
        year=values["year"],
        month=month,
        agency=agency,
        reports=values["reports"],
        value_idr=values["value_idr"] or 0,
        on_time=values["on_time"],
        **{d.value: values[d.value] for d in Decision},
        determination_stopped=values["determination_stopped"],
    )


def submitted() -> Any:
    return GratificationReport.objects.filter(submitted_at__isnull=False).annotate(
        year=ExtractYear("submitted_at"), month=ExtractMonth("submitted_at")
    )


def years() -> list[int]:
    """The years with at least one submitted report, newest first (and this year)."""
    found = set(submitted().values_list("year", flat=True).distinct())
    found.add(timezone.localdate().year)
    return sorted(found, reverse=True)


def monthly(year: int, government: Agency | None = None) -> list[Row]:
    """The year's months, for one government or the whole country (one query)."""
    qs = submitted().filter(year=year)
    if government is not None:
        qs = qs.filter(government=government)
    label = government.name if government is not None else gettext("Nationwide")
    values = qs.values("year", "month").annotate(**_aggregates()).order_by("month")
    return [_row(v, label, v["month"]) for v in values]


def per_government(year: int) -> list[Row]:
    """The year's totals for each government with reports (one query)."""
    values = (
        submitted()
        .filter(year=year)
        .values("year", "government__name")
        .annotate(**_aggregates())
        .order_by("government__name")
    )
    return [_row(v, v["government__name"], None) for v in values]


def export_header() -> list[str]:
    """The column headings of the staff exports, in the language of the request."""
    return [
        gettext("Year"),
        gettext("Month"),
        gettext("Agency"),
        gettext("Reports"),
        gettext("Value (IDR)"),
        gettext("Reported on time"),
        gettext("Reported on time (%)"),
        *[str(d.label) for d in Decision],
        gettext("Determination stopped"),
    ]


def export_row(row: Row) -> list[Any]:
    """One line of the staff exports (CSV and XLSX), in the order of `export_header()`."""
    return [
        row.year,
        row.month,
        row.agency,
        row.reports,
        row.value_idr,
        row.on_time,
        row.on_time_share,
        *[getattr(row, d.value) for d in Decision],
        row.determination_stopped,
    ]


def by_government_and_month(year: int, governments: list[Agency] | None = None) -> list[Row]:
    """Every government's months, for the staff export (one query)."""
    qs = submitted().filter(year=year)
    if governments is not None:
        qs = qs.filter(government__in=governments)
    values = (
        qs.values("year", "month", "government__name")
        .annotate(**_aggregates())
        .order_by("government__name", "month")
    )
    return [_row(v, v["government__name"], v["month"]) for v in values]

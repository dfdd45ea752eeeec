"""A target's progress, the pace it needs and where the current pace leads (one query)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Max, Sum

from cegah.reach.models import LEVEL_METRICS, DailyMetric, Target


@dataclass(frozen=True)
class Progress:
    achieved: int  # summed over the period's days so far (or the latest level, for followers)
    share: float  # achieved / target, in percent
    days_total: int
    days_elapsed: int  # days of the period up to and including `today`, within the period
    needed_per_day: int | None  # what the remaining days need on average (None: period over)
    pace_per_day: int  # what the elapsed days gave on average
    projection: int  # achieved plus the current pace over the remaining days
    on_track: bool


def progress(target: Target, today: dt.date) -> Progress:
    days_total = (target.ends_on - target.starts_on).days + 1
    last = min(today, target.ends_on)
    days_elapsed = max(0, (last - target.starts_on).days + 1)
    rows = DailyMetric.objects.filter(
        account=target.account, day__gte=target.starts_on, day__lte=last
    )
    aggregate = Max if target.metric in LEVEL_METRICS else Sum
    achieved = int(rows.aggregate(v=aggregate(target.metric))["v"] or 0)
    remaining_days = days_total - days_elapsed
    if target.metric in LEVEL_METRICS:
        pace = 0
        projection = achieved
    else:
        pace = achieved // days_elapsed if days_elapsed else 0
        projection = achieved + pace * remaining_days
    missing = max(0, target.value - achieved)
    needed = -(-missing // remaining_days) if remaining_days > 0 else None
    return Progress(
        achieved=achieved,
        share=round(100 * achieved / target.value, 1) if target.value else 100.0,
        days_total=days_total,
        days_elapsed=days_elapsed,
        needed_per_day=needed,
        pace_per_day=pace,
        projection=projection,
        on_track=projection >= target.value,
    )


def chart_series(target: Target, today: dt.date) -> dict[str, list[object]]:
    """Day by day over the target's period: what was achieved so far (cumulative, or the
    level for followers; empty after today) and the straight line to the target."""
    days = [
        target.starts_on + dt.timedelta(days=i)
        for i in range((target.ends_on - target.starts_on).days + 1)
    ]
    values = dict(
        DailyMetric.objects.filter(
            account=target.account, day__gte=target.starts_on, day__lte=min(today, target.ends_on)
        ).values_list("day", target.metric)
    )
    achieved: list[object] = []
    running = 0
    for day in days:
        if day > today:
            achieved.append(None)
            continue
        if target.metric in LEVEL_METRICS:
            running = values.get(day, running)
        else:
            running += values.get(day, 0)
        achieved.append(running)
    line: list[object] = [round(target.value * (i + 1) / len(days)) for i in range(len(days))]
    return {"labels": [d.isoformat() for d in days], "achieved": achieved, "target": line}

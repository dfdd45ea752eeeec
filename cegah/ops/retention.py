"""Grandfather-father-son retention: the newest set of each of the last N days, weeks and
months (calendar days, ISO weeks and months in TIME_ZONE) is kept; the rest goes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings

from cegah.ops.targets import SET_PREFIX

NAME_FORMAT = f"{SET_PREFIX}%Y%m%dT%H%M%SZ"


@dataclass(frozen=True)
class Retention:
    """How many days, weeks and months keep a set; all zero keeps everything."""

    daily: int = 0
    weekly: int = 0
    monthly: int = 0

    @property
    def prunes(self) -> bool:
        return any((self.daily, self.weekly, self.monthly))


def set_name(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime(NAME_FORMAT)


def set_time(name: str) -> dt.datetime | None:
    """When a set was made, read from its name; None for a name not of ours."""
    try:
        return dt.datetime.strptime(name, NAME_FORMAT).replace(tzinfo=dt.UTC)
    except ValueError:
        return None


def sets_to_delete(names: Iterable[str], keep: Retention) -> list[str]:
    """The sets the policy lets go, oldest first; names not of ours are never touched."""
    if not keep.prunes:
        return []
    zone = ZoneInfo(settings.TIME_ZONE)
    dated = sorted(
        ((moment, name) for name in names if (moment := set_time(name)) is not None),
        reverse=True,
    )
    buckets: list[tuple[int, Callable[[dt.datetime], Hashable]]] = [
        (keep.daily, lambda moment: moment.date()),
        (keep.weekly, lambda moment: moment.isocalendar()[:2]),
        (keep.monthly, lambda moment: (moment.year, moment.month)),
    ]
    kept: set[str] = set()
    for count, bucket_of in buckets:
        seen: set[Hashable] = set()
        for moment, name in dated:
            bucket = bucket_of(moment.astimezone(zone))
            if bucket in seen:
                continue
            if len(seen) >= count:
                break
            seen.add(bucket)
            kept.add(name)
    return [name for _moment, name in reversed(dated) if name not in kept]

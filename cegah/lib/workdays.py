"""Indonesian working days (hari kerja) for deadlines.

Saturdays, Sundays, national public holidays and cuti bersama (the collective leave days the
government adds around them) are not working days. The calendar comes from the `holidays`
package: its Indonesia calendar with the `public` and `government` categories, the latter
being cuti bersama. Deadlines are plain dates; which zone "today" is in is the caller's business
(the zone of the agency that owes the deadline).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType

import holidays

CATEGORIES = ("public", "government")
_ONE_DAY = dt.timedelta(days=1)


@lru_cache(maxsize=64)
def non_working_holidays(year: int) -> Mapping[dt.date, str]:
    """The year's public holidays and cuti bersama, each with its (Indonesian) name."""
    calendar = holidays.country_holidays("ID", years=year, categories=CATEGORIES)
    return MappingProxyType(dict(calendar.items()))


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday, and neither a public holiday nor cuti bersama."""
    return day.weekday() < 5 and day not in non_working_holidays(day.year)


@lru_cache(maxsize=4096)
def add_working_days(start: dt.date, n: int) -> dt.date:
    """The n-th working day after `start`; `start` itself never counts (n = 0 gives `start`).

    "Within 30 working days of receipt" with receipt on `start` ends on
    `add_working_days(start, 30)`. Cached: deadlines cluster on recent dates.
    """
    if n < 0:
        raise ValueError("n must not be negative")
    day = start
    remaining = n
    while remaining:
        day += _ONE_DAY
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(a: dt.date, b: dt.date) -> int:
    """Working days after `a` up to and including `b`; negative when `b` is before `a`.

    The inverse of `add_working_days`: `working_days_between(a, add_working_days(a, n)) == n`.
    """
    if b < a:
        return -working_days_between(b, a)
    count = 0
    day = a
    while day < b:
        day += _ONE_DAY
        if is_working_day(day):
            count += 1
    return count

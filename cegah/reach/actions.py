"""Use cases that write reach figures; the staff pages and the API call the same functions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction

from cegah.reach.models import Account, DailyMetric

if TYPE_CHECKING:
    from cegah.accounts.models import User

FIGURES = ("impressions", "reach", "views", "followers", "engagements")


@dataclass(frozen=True)
class DayFigures:
    """One day's five figures, as typed in on the account page or sent to the API."""

    day: dt.date
    impressions: int
    reach: int
    views: int
    followers: int
    engagements: int


@transaction.atomic
def record_days(*, actor: User, account: Account, days: Sequence[DayFigures]) -> tuple[int, int]:
    """Store each day's figures for `account`, replacing all five figures the day held (a
    manual entry is the staff member's latest truth for that day); all days or none.
    Returns (created, updated). When a day appears twice the later one wins.

    `actor` is taken like every action's: reach keeps no event log yet, and the access check
    is the caller's (`access.get_account`)."""
    latest = {d.day: d for d in days}
    if not latest:
        return 0, 0
    existing = set(
        DailyMetric.objects.filter(account=account, day__in=list(latest)).values_list(
            "day", flat=True
        )
    )
    # One upsert on the (account, day) constraint: a day stored by someone else meanwhile is
    # replaced instead of failing the whole batch.
    DailyMetric.objects.bulk_create(
        [
            DailyMetric(account=account, **{name: getattr(d, name) for name in ("day", *FIGURES)})
            for d in latest.values()
        ],
        update_conflicts=True,
        unique_fields=["account", "day"],
        update_fields=[*FIGURES, "updated_at"],
    )
    updated = len(existing)
    return len(latest) - updated, updated

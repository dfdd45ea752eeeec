"""The reference data every filed complaint looks up, cached in each process.

Intake reads the category by its code and the region by its code on every request; both
change rarely (admins edit categories, `load_regions` adds regions), so each process keeps
them for a minute instead of asking the database twice per complaint. A change saved in this
process clears the cache at once; other processes see it within `TTL` seconds.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from cegah.complaints.models import Category
from cegah.regions.models import Region

TTL = 60.0
MAX_REGIONS = 4096

_lock = threading.Lock()
_categories: tuple[float, dict[str, Category]] | None = None
_regions: dict[str, tuple[float, Region]] = {}


def _now() -> float:
    return time.monotonic()


def active_category(code: str) -> Category | None:
    """The active category with this code, or None."""
    global _categories
    now = _now()
    cached = _categories
    if cached is None or now - cached[0] > TTL:
        by_code = {c.code: c for c in Category.objects.active()}
        with _lock:
            _categories = cached = (now, by_code)
    return cached[1].get(code)


def region(code: str) -> Region | None:
    """The region with this Kemendagri code, or None (an unknown code is not cached)."""
    now = _now()
    hit = _regions.get(code)
    if hit is not None and now - hit[0] <= TTL:
        return hit[1]
    found = Region.objects.filter(code=code).order_by().first()
    if found is not None:
        with _lock:
            if len(_regions) >= MAX_REGIONS:
                _regions.clear()
            _regions[code] = (now, found)
    return found


def clear() -> None:
    """Forget everything (after a change, and between tests)."""
    global _categories
    with _lock:
        _categories = None
        _regions.clear()


@receiver([post_save, post_delete], sender=Category, dispatch_uid="complaints_lookups_category")
@receiver([post_save, post_delete], sender=Region, dispatch_uid="complaints_lookups_region")
def _changed(sender: Any, **kwargs: Any) -> None:
    clear()

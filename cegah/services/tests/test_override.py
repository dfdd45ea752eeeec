"""Local levies replace the national default only where the law lets regions set them."""

from __future__ import annotations

import datetime as dt

import pytest

from cegah.services.models import Confidence, FeeItem, LegalBasis, Sector, Service
from cegah.services.public import check_fee

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 6, 1)


def _service(code: str = "puskesmas-x") -> Service:
    return Service.objects.create(
        code=code,
        name="Berobat di puskesmas X",
        name_en="Puskesmas X",
        sector=Sector.HEALTH,
        aliases="puskesmas umum",
    )


def _item(
    service: Service, amount: int, region: str = "", *, may: bool = False, variant: str = "umum"
) -> FeeItem:
    item = FeeItem(
        service=service,
        variant=variant,
        amount_idr=amount,
        region_code=region,
        regions_may_override=may,
        valid_from=dt.date(2024, 1, 1),
        confidence=Confidence.LIKELY,
    )
    item.legal_bases = [LegalBasis(title=f"Perda {region or 'nasional'}")]  # type: ignore[assignment]
    item.save()
    return item


def fees(region: str | None) -> list[int]:
    return [a.fee_idr for a in check_fee("puskesmas umum", on=DAY, region_code=region)]


def test_a_regions_levy_applies_there_and_only_there_when_there_is_no_national_fee() -> None:
    _item(_service(), 15_000, "33.10")
    assert fees("33.10") == [15_000]
    assert fees("33.10.25") == [15_000]  # a district of the regency
    assert fees("51.71") == []
    assert fees(None) == []


def test_a_local_levy_overrides_a_national_default_the_law_lets_regions_set() -> None:
    service = _service()
    _item(service, 10_000, may=True)
    _item(service, 15_000, "33.10")
    assert fees("33.10") == [15_000]
    assert fees("51.71") == [10_000]


def test_a_local_levy_cannot_override_a_national_fee_that_regions_may_not_change() -> None:
    service = _service()
    _item(service, 0)
    _item(service, 25_000, "33.10")
    assert fees("33.10") == [0]


def test_the_most_specific_region_wins() -> None:
    service = _service()
    _item(service, 20_000, "33")
    _item(service, 15_000, "33.10")
    assert fees("33.10") == [15_000]
    assert fees("33.11") == [20_000]


def test_a_local_levy_not_yet_approved_is_not_shown() -> None:
    service = _service()
    item = _item(service, 15_000, "33.10")
    FeeItem.objects.filter(pk=item.pk).update(live=False)
    assert fees("33.10") == []


def test_the_api_takes_the_region(client) -> None:  # type: ignore[no-untyped-def]
    _item(_service(), 15_000, "33.10")
    body = client.get(
        "/api/v1/services/fee-check", {"q": "puskesmas umum", "on": "2026-06-01", "region": "33.10"}
    ).json()
    assert [r["fee_idr"] for r in body["results"]] == [15_000]

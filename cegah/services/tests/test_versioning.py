"""Fees as versioned data: every date change in the national table is answered on both
sides of the change (service-fees.md: passports Dec 2024, Polri PP 50/2010 → PP 60/2016 →
PP 76/2020, OSS PP 5/2021 → PP 28/2025, and the rest of the file)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import yaml
from django.test import Client

from cegah.services.actions import NATIONAL_FEES
from cegah.services.matching import applicable_items
from cegah.services.models import FeeItem
from cegah.services.public import check_fee

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fees")]

DAY = dt.timedelta(days=1)


def _boundaries() -> list[tuple[str, str, dt.date]]:
    """(service, variant, day) for each start and end date in the data file."""
    data: dict[str, Any] = yaml.safe_load(NATIONAL_FEES.read_text(encoding="utf-8"))
    found = set()
    for service in data["services"]:
        for item in service.get("items") or []:
            for version in item["versions"]:
                found.add((service["code"], item["variant"], version["from"]))
                if version.get("to"):
                    found.add((service["code"], item["variant"], version["to"] + DAY))
    return sorted(found)


def _in_force(service: str, variant: str, day: dt.date) -> FeeItem | None:
    items = FeeItem.objects.public().filter(service__code=service, variant=variant)
    chosen = applicable_items(list(items), on=day, region_code=None)
    return chosen[0] if chosen else None


@pytest.mark.parametrize(("service", "variant", "day"), _boundaries())
def test_each_change_answers_the_old_version_the_day_before_and_the_new_one_from_the_day(
    service: str, variant: str, day: dt.date
) -> None:
    new = _in_force(service, variant, day)
    before = _in_force(service, variant, day - DAY)
    assert new is not None and new.valid_from == day
    # The day before belongs to the previous version, or to none (not priced yet).
    assert before is None or before.valid_to == day - DAY
    assert before is None or before.pk != new.pk


def _titles(answer: Any) -> str:
    return " ".join(b.title for b in answer.legal_basis)


def test_passports_before_and_after_pp_45_2024() -> None:
    old = check_fee("paspor elektronik 5 tahun", on=dt.date(2024, 12, 16))
    new = check_fee("paspor elektronik 5 tahun", on=dt.date(2024, 12, 17))
    assert "PP 28/2019" in _titles(old[0]) and old[0].fee_idr == 650_000
    assert "PP 45/2024" in _titles(new[0]) and new[0].fee_idr == 650_000
    assert old[0].valid_to == dt.date(2024, 12, 16)


def test_the_ten_year_passport_is_not_priced_before_it_existed() -> None:
    before = check_fee("paspor elektronik 10 tahun", on=dt.date(2024, 12, 16), limit=10)
    after = check_fee("paspor elektronik 10 tahun", on=dt.date(2024, 12, 17), limit=10)
    assert 950_000 not in [a.fee_idr for a in before]
    assert after[0].fee_idr == 950_000
    assert after[0].label.startswith("Elektronik, berlaku sampai 10")


@pytest.mark.parametrize(
    ("day", "regulation"),
    [
        (dt.date(2017, 1, 5), "PP 50/2010"),
        (dt.date(2017, 1, 6), "PP 60/2016"),
        (dt.date(2021, 1, 14), "PP 60/2016"),
        (dt.date(2021, 1, 15), "PP 76/2020"),
    ],
)
def test_police_fees_follow_pp_50_2010_then_60_2016_then_76_2020(
    day: dt.date, regulation: str
) -> None:
    answer = check_fee("perpanjang sim a", on=day)[0]
    assert answer.service_code == "sim-a" and answer.fee_idr == 80_000
    assert regulation in _titles(answer)


def test_vehicle_papers_rose_on_6_january_2017() -> None:
    assert check_fee("stnk motor", on=dt.date(2017, 1, 5))[0].fee_idr == 50_000
    assert check_fee("stnk motor", on=dt.date(2017, 1, 6))[0].fee_idr == 100_000
    assert check_fee("bpkb mobil", on=dt.date(2017, 1, 5))[0].fee_idr == 100_000
    assert check_fee("bpkb mobil", on=dt.date(2017, 1, 6))[0].fee_idr == 375_000


def test_oss_moved_from_pp_5_2021_to_pp_28_2025() -> None:
    assert check_fee("nib oss", on=dt.date(2021, 2, 1)) == []
    assert "PP 5/2021" in _titles(check_fee("nib oss", on=dt.date(2025, 6, 4))[0])
    assert "PP 28/2025" in _titles(check_fee("nib oss", on=dt.date(2025, 6, 5))[0])


def test_population_documents_are_free_from_uu_24_2013() -> None:
    assert check_fee("akta kelahiran", on=dt.date(2013, 12, 23)) == []
    answer = check_fee("akta kelahiran", on=dt.date(2013, 12, 24))[0]
    assert answer.free and answer.fee_idr == 0 and answer.confidence == "sure"


def test_school_admissions_moved_to_the_spmb_regulation() -> None:
    assert "Permendikbud 1/2021" in _titles(check_fee("ppdb", on=dt.date(2025, 3, 11))[0])
    assert "Permendikdasmen 3/2025" in _titles(check_fee("spmb", on=dt.date(2025, 3, 12))[0])


def test_the_service_page_lists_every_version_with_its_regulation(client: Client) -> None:
    html = client.get("/cek-biaya/layanan/sim-a/").content.decode()
    for regulation in ("PP 50/2010", "PP 60/2016", "PP 76/2020"):
        assert regulation in html
    assert "Rp120.000" in html and "Rp80.000" in html

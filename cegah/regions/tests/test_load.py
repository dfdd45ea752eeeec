from __future__ import annotations

import pytest
from django.core.management import call_command

from cegah.regions.actions import ensure_region, load_regions
from cegah.regions.models import Level, Region


@pytest.mark.django_db
def test_load_regions_loads_all_of_indonesia_once_and_changes_nothing_the_second_time() -> None:
    first = load_regions()
    assert first.created == 91599
    counts = {level: Region.objects.filter(level=level).count() for level in Level}
    assert counts == {
        Level.PROVINCE: 38,
        Level.REGENCY: 514,
        Level.DISTRICT: 7285,
        Level.VILLAGE: 83762,
    }
    klaten = Region.objects.get(code="33.10")
    assert klaten.name == "Kabupaten Klaten"
    assert klaten.kind == "kabupaten"
    assert klaten.parent_id == "33"
    assert Region.objects.filter(level=Level.VILLAGE).exclude(postal_code="").exists()

    Region.objects.filter(code="33.10").update(name="Renamed by hand")
    second = load_regions()
    assert (second.created, second.updated, second.unchanged) == (0, 1, 91598)
    assert Region.objects.get(code="33.10").name == "Kabupaten Klaten"
    assert Region.objects.count() == 91599


@pytest.mark.django_db
def test_dry_run_reports_without_writing(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("load_regions", "--dry-run")
    assert "Would load 91599 regions: 91599 new" in capsys.readouterr().out
    assert Region.objects.count() == 0


@pytest.mark.django_db
def test_ensure_region_creates_the_region_with_its_parents() -> None:
    district = ensure_region("33.10.25")
    assert district.name == "Klaten Tengah"
    assert [r.code for r in district.ancestors()] == ["33", "33.10"]
    assert district.path == "Klaten Tengah, Kabupaten Klaten, Jawa Tengah"
    assert ensure_region("33.10.25") == district
    with pytest.raises(ValueError):
        ensure_region("99.99")

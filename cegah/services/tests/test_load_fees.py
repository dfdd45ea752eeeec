"""The loader of fee data files: idempotent, dry run, all or nothing with every problem."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cegah.services.actions import load_fees
from cegah.services.models import FeeItem, Service

pytestmark = pytest.mark.django_db


def test_a_dry_run_changes_nothing_and_a_second_load_nothing_more(
    capsys: pytest.CaptureFixture[str],
) -> None:
    call_command("load_fees", "--dry-run")
    assert "would create 27 services" in capsys.readouterr().out
    assert not Service.objects.exists()
    call_command("load_fees")
    items = FeeItem.objects.count()
    assert items > 70 and Service.objects.count() == 27
    assert all(i.live and i.latest_revision_id for i in FeeItem.objects.all())
    report = load_fees(actor=None)
    assert (report.services_created, report.items_created) == (0, 0)
    assert FeeItem.objects.count() == items


def test_an_editors_change_survives_a_reload_unless_update_is_asked() -> None:
    load_fees(actor=None)
    item = FeeItem.objects.get(service__code="skck", valid_from="2021-01-15")
    item.conditions = "Catatan editor"
    item.save()
    load_fees(actor=None)
    item.refresh_from_db()
    assert item.conditions == "Catatan editor"
    report = load_fees(actor=None, update=True)
    item.refresh_from_db()
    assert report.items_updated == 1 and item.conditions == ""
    assert item.revisions.count() == 2  # the history keeps both


BAD = """
services:
- code: contoh
  name: Contoh
  name_en: Example
  sector: nowhere
  items:
  - variant: a
    versions:
    - {from: 2020-01-01, to: 2020-12-31, amount: -5, confidence: sure, legal: [{title: X}]}
    - {from: 2020-06-01, amount: 10, confidence: maybe}
"""


def test_a_bad_file_loads_nothing_and_names_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(BAD, encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("load_fees", str(path))
    message = str(caught.value)
    assert "unknown sector" in message
    assert "amount must be whole rupiah" in message
    assert "confidence must be" in message
    assert "overlaps" in message and "no legal basis" in message
    assert not Service.objects.exists()


def test_a_regions_levies_load_from_their_own_file(tmp_path: Path) -> None:
    path = tmp_path / "klaten.yaml"
    path.write_text(
        """
services:
- code: puskesmas-klaten-contoh
  name: Puskesmas (contoh)
  name_en: Puskesmas (example)
  sector: health
  items:
  - variant: umum
    region: "33.10"
    versions:
    - {from: 2024-01-01, amount: 10000, confidence: likely, legal: [{title: "Perda contoh"}]}
""",
        encoding="utf-8",
    )
    load_fees(actor=None, path=path)
    assert FeeItem.objects.get().region_code == "33.10"

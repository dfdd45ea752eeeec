"""The commands' dry runs, confirmation and retention."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
import time_machine
from django.core.management.base import CommandError

from cegah.complaints.models import Complaint
from cegah.ops.tests.conftest import Places
from cegah.ops.tests.helpers import backup, key_tables, only_set, populate, restore, stored_files

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("gift_rules"),
]


def fake_set(root: Path, name: str) -> None:
    """A complete-looking set (retention reads only names and manifests)."""
    (root / name).mkdir(parents=True)
    (root / name / "manifest.json").write_text("{}")


def test_backup_dry_run_reports_and_writes_nothing(places: Places) -> None:
    populate()
    output = backup("--dry-run")

    assert "Would back up the" in output
    assert "storage default: 1 files" in output
    assert "storage private: 1 files" in output
    assert not places.backups.exists()


def test_restore_dry_run_checks_the_set_and_changes_nothing(places: Places) -> None:
    populate()
    backup()
    Complaint.objects.all().delete()
    tables, files = key_tables(), stored_files()

    output = restore(str(only_set(places.backups)), "--dry-run")

    assert "Would restore cegah-" in output
    assert "checksums are all correct; nothing was changed" in output
    assert key_tables() == tables and stored_files() == files


def test_restore_asks_first_and_an_answer_other_than_yes_changes_nothing(
    places: Places, monkeypatch: pytest.MonkeyPatch
) -> None:
    populate()
    backup()
    Complaint.objects.all().delete()
    monkeypatch.setattr("sys.stdin", io.StringIO("no\n"))

    with pytest.raises(CommandError, match="Restore cancelled: nothing was changed"):
        restore(str(only_set(places.backups)))
    assert Complaint.objects.count() == 0


def test_a_half_written_set_is_neither_listed_nor_restorable(places: Places) -> None:
    half = places.backups / "cegah-20261201T010000Z"
    (half / "files").mkdir(parents=True)
    (places.backups / ".cegah-20261202T010000Z.partial").mkdir()

    with pytest.raises(CommandError, match="not a complete backup set"):
        restore(str(half), "--yes")
    assert "Deleted by retention: nothing." in backup("--keep-daily", "1")
    assert half.exists()


def test_backup_keeps_the_newest_set_of_each_day_week_and_month(places: Places) -> None:
    for name in (
        "cegah-20261207T010000Z",  # Monday 7 Dec, 08:00 in Jakarta
        "cegah-20261206T010000Z",  # Sunday 6 Dec
        "cegah-20261205T180000Z",  # Sunday 6 Dec 01:00 in Jakarta: the same day, older
        "cegah-20261130T010000Z",  # Monday 30 Nov: week 49, the last of November
        "cegah-20261115T010000Z",  # week 46
        "cegah-20261031T010000Z",  # October's newest
        "cegah-20261001T010000Z",  # October, older
    ):
        fake_set(places.backups, name)

    with time_machine.travel(dt.datetime(2026, 12, 7, 18, 0, tzinfo=dt.UTC), tick=False):
        dry = backup("--keep-daily", "2", "--keep-weekly", "2", "--keep-monthly", "3", "--dry-run")
        output = backup("--keep-daily", "2", "--keep-weekly", "2", "--keep-monthly", "3")

    gone = "cegah-20261001T010000Z, cegah-20261115T010000Z, cegah-20261205T180000Z"
    assert f"Would delete by retention: {gone}." in dry
    assert f"Deleted by retention: {gone}." in output
    assert sorted(path.name for path in places.backups.iterdir()) == [
        "cegah-20261031T010000Z",
        "cegah-20261130T010000Z",
        "cegah-20261206T010000Z",
        "cegah-20261207T010000Z",
        "cegah-20261207T180000Z",
    ]


def test_files_only_restores_the_files_and_leaves_the_database(places: Places) -> None:
    populate()
    backup()
    files = stored_files()
    Complaint.objects.all().delete()
    (places.media / "library/poster.png").unlink()

    output = restore(str(only_set(places.backups)), "--yes", "--files-only")

    assert "the files only (the database is left as it is)" in output
    assert ": 1 default files, 1 private files." in output
    assert stored_files() == files
    assert Complaint.objects.count() == 0

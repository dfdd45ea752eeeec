"""A populated database and its files, backed up, wiped and changed, then restored: every row
count, the key tables and every file come back exactly (on SQLite, and on PostgreSQL when
DATABASE_URL points there)."""

from __future__ import annotations

import json

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.management.base import CommandError
from django.db import connection

from cegah.accounts.models import User
from cegah.complaints.models import Attachment, Complaint
from cegah.gratification.models import GratificationReport
from cegah.ops.tests.conftest import Places
from cegah.ops.tests.helpers import (
    EVIDENCE,
    POSTER,
    backup,
    key_tables,
    only_set,
    populate,
    restore,
    row_counts,
    stored_files,
)
from cegah.test import make_user

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("gift_rules"),
]


def wipe_and_change() -> None:
    """What a bad day does: a complaint and its evidence gone, a report edited, a stranger
    added, the poster overwritten and a file added."""
    attachment = Attachment.objects.get()
    storages["private"].delete(attachment.file.name)
    Complaint.objects.all().delete()
    GratificationReport.objects.update(description="Diubah setelah cadangan")
    make_user("stranger@example.org")
    default_storage.delete("library/poster.png")
    default_storage.save("library/poster.png", ContentFile(b"not the poster"))
    default_storage.save("library/after-backup.txt", ContentFile(b"made later"))


def test_restore_brings_back_rows_key_tables_and_files_byte_for_byte(places: Places) -> None:
    populate()
    tables, files, counts = key_tables(), stored_files(), row_counts()
    assert files["private"] and list(files["private"].values()) == [EVIDENCE]
    assert files["default"] == {"library/poster.png": POSTER}

    output = backup()
    assert f"Backed up the {connection.vendor} database" in output
    wipe_and_change()
    assert key_tables() != tables and stored_files() != files

    output = restore(str(only_set(places.backups)), "--yes", "--delete-extra-files")

    assert "Restored cegah-" in output
    assert "counts checked" in output
    assert row_counts() == counts
    assert key_tables() == tables
    assert stored_files() == files
    assert not User.objects.filter(email="stranger@example.org").exists()


def test_the_manifest_records_checksums_counts_and_migration_state(places: Places) -> None:
    populate()
    backup()
    manifest = json.loads((only_set(places.backups) / "manifest.json").read_text())

    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["database"]["row_counts"]["complaints_complaint"] == 1
    assert manifest["database"]["migrations"]["complaints"].startswith("0")
    assert manifest["app"]["version"]
    assert manifest["files"]["files/default/library/poster.png"]["size"] == len(POSTER)
    assert manifest["storages"]["private"]["files"] == 1
    assert manifest["created_at"]


def test_a_damaged_file_is_refused_and_nothing_changes(places: Places) -> None:
    populate()
    backup()
    backup_set = only_set(places.backups)
    poster = backup_set / "files/default/library/poster.png"
    poster.write_bytes(b"X" + POSTER[1:])  # one byte flipped, the size unchanged
    wipe_and_change()
    tables, files = key_tables(), stored_files()

    with pytest.raises(CommandError, match=r"damaged: files/default/library/poster\.png does not"):
        restore(str(backup_set), "--yes")

    assert key_tables() == tables
    assert stored_files() == files


def test_an_edited_manifest_is_refused(places: Places) -> None:
    populate()
    backup()
    manifest = only_set(places.backups) / "manifest.json"
    manifest.write_text(manifest.read_text().replace('"complaints_complaint": 1', '"x": 1'))

    with pytest.raises(CommandError, match=r"damaged: manifest.json does not match its checksum"):
        restore(str(manifest.parent), "--yes")


def test_a_set_with_a_missing_file_is_refused(places: Places) -> None:
    populate()
    backup()
    backup_set = only_set(places.backups)
    database_file = next(backup_set.glob("database.*"))
    database_file.unlink()

    with pytest.raises(CommandError, match=f"{database_file.name} is missing"):
        restore(str(backup_set), "--dry-run")


def test_a_different_migration_state_is_refused_unless_allowed(places: Places) -> None:
    populate()
    backup()
    backup_set = str(only_set(places.backups))
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO django_migrations (app, name, applied) "
            "VALUES ('ops', '9999_from_the_future', CURRENT_TIMESTAMP)"
        )

    with pytest.raises(CommandError, match="ops: backup \\(none\\), database 9999_from_the_future"):
        restore(backup_set, "--yes")
    assert Complaint.objects.count() == 1

    output = restore(backup_set, "--yes", "--allow-migration-mismatch")
    assert "Run `manage.py migrate` now" in output
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM django_migrations WHERE app = 'ops'")
        assert cursor.fetchone()[0] == 0

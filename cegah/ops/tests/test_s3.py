"""Backups to S3-compatible storage, with moto standing in for the bucket."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management.base import CommandError
from pytest_django.fixtures import Settings as SettingsWrapper

from cegah.complaints.models import Complaint
from cegah.ops.targets import S3Target
from cegah.ops.tests.conftest import Places
from cegah.ops.tests.helpers import backup, key_tables, populate, restore, stored_files

moto = pytest.importorskip("moto", reason="moto (a test-only package) is not installed")

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("gift_rules"),
]
BUCKET = "cegah-backups"


@pytest.fixture
def bucket(settings: SettingsWrapper, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """An empty bucket in moto's pretend S3, reached with the BACKUP_S3_* settings."""
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    settings.BACKUP_S3_ENDPOINT_URL = ""
    settings.BACKUP_S3_REGION = "us-east-1"
    settings.BACKUP_S3_ACCESS_KEY_ID = "testing"
    settings.BACKUP_S3_SECRET_ACCESS_KEY = "testing"
    settings.BACKUP_S3_SERVER_SIDE_ENCRYPTION = "aes256"
    with moto.mock_aws():
        from cegah.ops.targets import s3_client

        client = s3_client()
        client.create_bucket(Bucket=BUCKET)
        yield client


def test_a_set_sent_to_s3_restores_from_its_address(places: Places, bucket: Any) -> None:
    populate()
    tables, files = key_tables(), stored_files()
    output = backup("--to", f"s3://{BUCKET}/nightly")
    [name] = S3Target(BUCKET, "nightly").set_names()
    assert f"to s3://{BUCKET}/nightly/{name}." in output
    head = bucket.head_object(Bucket=BUCKET, Key=f"nightly/{name}/manifest.json")
    assert head["ServerSideEncryption"] == "AES256"
    Complaint.objects.all().delete()

    output = restore(f"s3://{BUCKET}/nightly/{name}", "--yes")

    assert f"Restored {name}" in output
    assert key_tables() == tables
    assert stored_files() == files


def test_an_s3_set_without_its_manifest_is_incomplete_and_kept_out_of_pruning(
    places: Places, bucket: Any
) -> None:
    bucket.put_object(
        Bucket=BUCKET, Key="nightly/cegah-20261101T010000Z/database.sqlite3", Body=b""
    )

    assert S3Target(BUCKET, "nightly").set_names() == []
    with pytest.raises(CommandError, match="not a complete backup set"):
        restore(f"s3://{BUCKET}/nightly/cegah-20261101T010000Z", "--yes")
    assert "Deleted by retention: nothing." in backup(
        "--to", f"s3://{BUCKET}/nightly", "--keep-daily", "1"
    )


def test_s3_retention_deletes_every_object_of_an_old_set(places: Places, bucket: Any) -> None:
    for key in ("manifest.json", "manifest.json.sha256", "files/default/a.txt"):
        bucket.put_object(Bucket=BUCKET, Key=f"nightly/cegah-20261101T010000Z/{key}", Body=b"x")

    output = backup("--to", f"s3://{BUCKET}/nightly", "--keep-daily", "1")

    assert "Deleted by retention: cegah-20261101T010000Z." in output
    keys = [item["Key"] for item in bucket.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert not [key for key in keys if "20261101" in key]

"""The complaint settings: rate limits from the environment, evidence in private storage."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.files.storage import storages
from django.test import Client

from cegah.complaints.checks import private_storage
from cegah.complaints.models import Attachment
from cegah.complaints.tests.factories import form_data, photo

pytestmark = pytest.mark.usefixtures("regions")

ROOT = Path(__file__).resolve().parents[3]


def test_the_rate_limits_default_to_what_the_app_always_used() -> None:
    assert os.environ.get("COMPLAINTS_SUBMIT_RATE") is None
    assert django_settings.COMPLAINTS_SUBMIT_RATE == "10/hour"
    assert django_settings.COMPLAINTS_LOOKUP_RATE == "30/minute"


def test_the_tracking_form_obeys_the_lookup_rate_from_settings(
    client: Client, settings: Any
) -> None:
    settings.COMPLAINTS_LOOKUP_RATE = "2/minute"
    statuses = [
        client.post("/keluhan/lacak/", {"code": "K7QM-2XRA-9FTB-H4WD"}).status_code
        for _ in range(3)
    ]
    assert statuses == [404, 404, 429]


def test_the_intake_form_obeys_the_submit_rate_from_settings(client: Client, settings: Any) -> None:
    settings.COMPLAINTS_SUBMIT_RATE = "1/hour"
    assert client.post("/keluhan/baru/", form_data(form_token="a" * 20)).status_code == 302
    assert client.post("/keluhan/baru/", form_data(form_token="b" * 20)).status_code == 429


@pytest.mark.parametrize("value", ["ten per hour", "", "10/fortnight"])
def test_an_unparsable_rate_stops_start_up(value: str) -> None:
    env = {**os.environ, "COMPLAINTS_SUBMIT_RATE": value, "CEGAH_ENV": "development"}
    result = subprocess.run(
        [sys.executable, "-c", "import cegah.settings"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "COMPLAINTS_SUBMIT_RATE" in result.stderr


def test_evidence_is_stored_in_the_private_storage_and_no_media_url_serves_it(
    client: Client, settings: Any
) -> None:
    response = client.post("/keluhan/baru/", form_data(evidence=[photo()]))
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    private_root = Path(storages["private"].location)
    stored = Path(attachment.file.path)
    assert stored.is_file()
    assert stored.is_relative_to(private_root)
    assert not stored.is_relative_to(Path(settings.MEDIA_ROOT))
    assert "IMG_0001" not in attachment.file.name  # the original name stays out of the path
    assert client.get(f"/media/{attachment.file.name}").status_code == 404


def test_the_project_settings_define_a_private_storage_outside_the_served_folders() -> None:
    # The test fixture swaps in a throwaway folder; check what the settings module itself says.
    import cegah.settings as project

    private = project.STORAGES["private"]
    assert private["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    location = Path(private["OPTIONS"]["location"])
    assert location == project.PRIVATE_MEDIA_ROOT
    assert not location.is_relative_to(project.MEDIA_ROOT)
    assert not location.is_relative_to(project.STATIC_ROOT)


def test_the_check_refuses_a_private_storage_inside_media_root(
    settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media" / "private"},
        },
    }
    assert [m.id for m in private_storage()] == ["complaints.E001"]


def test_the_check_is_quiet_for_a_private_storage_outside_the_served_folders(
    settings: Any, tmp_path: Path
) -> None:
    assert private_storage() == []


def test_the_check_warns_when_there_is_no_private_storage(settings: Any) -> None:
    settings.STORAGES = {k: v for k, v in settings.STORAGES.items() if k != "private"}
    assert [m.id for m in private_storage()] == ["complaints.W001"]

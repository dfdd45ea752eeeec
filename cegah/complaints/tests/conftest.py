from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.files.storage import storages
from pytest_django.fixtures import Settings as SettingsWrapper

from cegah.complaints import lookups, ratelimit
from cegah.complaints.models import Attachment, KeptUpload
from cegah.regions.actions import ensure_region


@pytest.fixture(autouse=True)
def _fresh_rate_limits_and_lookups() -> Iterator[None]:
    """Counts and cached categories or regions never leak from one test into another."""
    ratelimit.reset()
    lookups.clear()
    yield
    ratelimit.reset()
    lookups.clear()


@pytest.fixture(autouse=True)
def _private_media(
    settings: SettingsWrapper, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Evidence files land in a throwaway folder, never in var/private or var/media.

    The file fields took their storage when the models were loaded, so they are pointed at
    the throwaway private storage too."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private"},
        },
    }
    for model in (Attachment, KeptUpload):
        monkeypatch.setattr(model._meta.get_field("file"), "storage", storages["private"])


@pytest.fixture
def regions(db: None) -> None:
    """Klaten (with a district), and Denpasar in Bali."""
    for code in ("33.10.25", "33.10.01", "51.71"):
        ensure_region(code)

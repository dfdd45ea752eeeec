from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.storage import storages
from pytest_django.fixtures import Settings as SettingsWrapper

from cegah.offices.models import PosterBatch


@pytest.fixture(autouse=True)
def _private_media(
    settings: SettingsWrapper, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Poster batches land in a throwaway folder (the field took its storage at load)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private"},
        },
    }
    monkeypatch.setattr(PosterBatch._meta.get_field("file"), "storage", storages["private"])

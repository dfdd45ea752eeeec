from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.files.storage import storages
from pytest_django.fixtures import Settings as SettingsWrapper

from cegah.complaints.models import Attachment, KeptUpload
from cegah.gratification.models import Evidence
from cegah.test import ensure_gift_rules


@dataclass
class Places:
    """Throwaway media, private storage and backup folders of one test."""

    media: Path
    private: Path
    backups: Path


@pytest.fixture
def places(settings: SettingsWrapper, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Places:
    """Media and private files land in throwaway folders, never in var/; the evidence fields
    took their storage when the models were loaded, so they are pointed there too."""
    found = Places(tmp_path / "media", tmp_path / "private", tmp_path / "backups")
    settings.MEDIA_ROOT = found.media
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": found.private},
        },
    }
    settings.BACKUP_TARGET = str(found.backups)
    for model in (Attachment, KeptUpload, Evidence):
        monkeypatch.setattr(model._meta.get_field("file"), "storage", storages["private"])
    return found


@pytest.fixture
def gift_rules(transactional_db: None) -> None:
    """The round trip files a gift report, which needs the rules the migrations load (an
    earlier transactional test may have emptied them)."""
    ensure_gift_rules()

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.files.storage import storages
from pytest_django.fixtures import Settings as SettingsWrapper

from cegah.factchecks import ratelimit
from cegah.factchecks.models import Submission
from cegah.factchecks.tests.factories import FactPeople, make_fact_people
from cegah.test import Personas


@pytest.fixture(autouse=True)
def _fresh_rate_limit() -> Iterator[None]:
    ratelimit.reset()
    yield
    ratelimit.reset()


@pytest.fixture(autouse=True)
def _private_media(
    settings: SettingsWrapper, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Submitted images land in a throwaway folder (the field took its storage at load)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private"},
        },
    }
    monkeypatch.setattr(Submission._meta.get_field("image"), "storage", storages["private"])


@pytest.fixture
def people(personas: Personas) -> FactPeople:
    return make_fact_people(personas)

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_django.fixtures import Settings as SettingsWrapper

from cegah.complaints import ratelimit
from cegah.regions.actions import ensure_region


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    ratelimit.reset()
    yield
    ratelimit.reset()


@pytest.fixture(autouse=True)
def _private_media(settings: SettingsWrapper, tmp_path: Path) -> None:
    """Evidence files land in a throwaway folder, never in var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def regions(db: None) -> None:
    """Klaten (with a district), and Denpasar in Bali."""
    for code in ("33.10.25", "33.10.01", "51.71"):
        ensure_region(code)

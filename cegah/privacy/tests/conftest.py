from __future__ import annotations

import pytest

from cegah.regions.actions import ensure_region


@pytest.fixture
def regions(db: None) -> None:
    """Klaten Tengah, where the complaints happen."""
    ensure_region("33.10.25")

"""Fixtures of the integrity tests: the published figures loaded once per test that needs them."""

from __future__ import annotations

import pytest

from cegah.integrity.loading import load_published


@pytest.fixture
def published(db: None) -> None:
    load_published()

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytest_django.fixtures import Settings as SettingsWrapper

from cegah.observability import collectors


@pytest.fixture(autouse=True)
def _fresh_metrics_settings(settings: SettingsWrapper) -> Iterator[None]:
    """Every scrape reads the database afresh, and no token is set unless a test sets one."""
    settings.METRICS_CACHE_SECONDS = 0
    settings.METRICS_TOKEN = ""
    collectors.clear_cache()
    yield
    collectors.clear_cache()

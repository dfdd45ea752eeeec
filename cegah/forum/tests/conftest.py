from __future__ import annotations

from collections.abc import Iterator

import pytest

from cegah.forum import ratelimit


@pytest.fixture(autouse=True)
def _fresh_rate_limit() -> Iterator[None]:
    ratelimit.reset()
    yield
    ratelimit.reset()

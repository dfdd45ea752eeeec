from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _fresh_rules() -> Iterator[None]:
    """A test that edits the gratification rules leaves no snapshot of them behind."""
    from cegah.gratification.models import forget_rules

    forget_rules()
    yield
    forget_rules()

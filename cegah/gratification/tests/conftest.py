from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
import time_machine

from cegah.gratification.models import forget_rules

# 23:30 on 23 Nov 2026 in Jakarta, already 01:30 on 24 Nov in Jayapura.
NOW = dt.datetime(2026, 11, 23, 23, 30, tzinfo=ZoneInfo("Asia/Jakarta"))


@pytest.fixture(autouse=True)
def _frozen_time() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def _rules_loaded(db: None) -> Iterator[None]:
    """Every test reads the rules versions loaded by the data migration, never a snapshot that
    another test's rolled-back data left in this process."""
    forget_rules()
    yield
    forget_rules()

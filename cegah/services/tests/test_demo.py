from __future__ import annotations

import pytest

from cegah.services.demo import seed_fees
from cegah.services.models import FeeItem, Service

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_the_national_table_once_and_a_dry_run_writes_nothing() -> None:
    assert "would create 27 services" in seed_fees(True)
    assert not Service.objects.exists()
    assert "created 27 services" in seed_fees(False)
    count = FeeItem.objects.count()
    assert "created 0 services and 0 fee items" in seed_fees(False)
    assert FeeItem.objects.count() == count

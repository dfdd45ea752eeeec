from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytest_django import DjangoDbBlocker

from cegah.services.actions import load_fees


@pytest.fixture(scope="module")
def fees(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    """The national table, loaded once per module (tests run in transactions on top)."""
    with django_db_blocker.unblock():
        from django.db import transaction

        from cegah.services.models import FeeItem, LegalBasis, Service

        with transaction.atomic():
            load_fees(actor=None)
        yield
        LegalBasis.objects.all().delete()
        FeeItem.objects.all().delete()
        Service.objects.all().delete()

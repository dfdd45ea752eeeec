"""The fee registry in the CMS: listed and editable by editors; overlapping versions are
refused with a clear message."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from cegah.accounts.models import User
from cegah.services.actions import load_fees
from cegah.services.models import FeeItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client: Client) -> Client:
    user = User.objects.create_superuser(email="ops@example.org", password="x-very-long-pass-1")
    client.force_login(user)
    return client


def test_editors_find_services_and_fee_items_in_the_cms(admin_client: Client) -> None:
    load_fees(actor=None)
    item = FeeItem.objects.get(service__code="skck", valid_from="2021-01-15")
    for url in (
        "/cms/snippets/services/service/",
        "/cms/snippets/services/feeitem/",
        f"/cms/snippets/services/feeitem/edit/{item.pk}/",
        f"/cms/snippets/services/feeitem/history/{item.pk}/",
    ):
        assert admin_client.get(url).status_code == 200, url


def test_a_version_overlapping_another_of_the_same_case_is_refused() -> None:
    load_fees(actor=None)
    current = FeeItem.objects.get(service__code="skck", valid_from="2021-01-15")
    clash = FeeItem(
        service=current.service,
        variant=current.variant,
        amount_idr=40_000,
        valid_from=dt.date(2026, 1, 1),
        confidence="likely",
    )
    with pytest.raises(ValidationError) as caught:
        clash.full_clean()
    assert "valid_from" in caught.value.message_dict
    current.valid_to = dt.date(2025, 12, 31)
    current.save()
    clash.full_clean()  # once the old version ends the day before, the new one fits

"""Editors change fees through review: a draft answers nobody until it is approved, and
every version stays in the history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from wagtail.models import WorkflowContentType

from cegah.services.actions import ensure_fee_editing, load_fees
from cegah.services.models import FeeItem
from cegah.services.public import check_fee

pytestmark = pytest.mark.django_db

ON = dt.date(2026, 6, 1)


def test_a_draft_change_is_not_public_until_published() -> None:
    load_fees(actor=None)
    item = FeeItem.objects.get(service__code="skck", valid_from="2021-01-15")
    item.amount_idr = 45_000
    revision = item.save_revision()  # a draft: the live row keeps the approved amount
    assert check_fee("skck", on=ON)[0].fee_idr == 30_000
    revision.publish()
    assert check_fee("skck", on=ON)[0].fee_idr == 45_000
    assert item.revisions.count() == 2


def test_an_unpublished_service_disappears_from_the_check(client: Client) -> None:
    load_fees(actor=None)
    item = FeeItem.objects.get(service__code="skck", valid_from="2021-01-15")
    item.unpublish()
    assert check_fee("skck", on=ON) == []
    assert client.get(f"/api/v1/services/fee-items/{item.pk}").status_code == 404


def test_fee_changes_go_through_the_kpk_review_workflow(client: Client) -> None:
    ensure_fee_editing()
    ensure_fee_editing()  # idempotent
    assert WorkflowContentType.objects.filter(content_type__app_label="services").count() == 2

"""ClaimReview dates are days where the publishing agency is, and its author is the agency."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings

from cegah.factchecks.claimreview import claim_review
from cegah.factchecks.tests.factories import FactPeople, published

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_search(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("cegah.search.backend.index_documents", lambda docs: list(docs))


def review(claim: Any) -> dict[str, Any]:
    return claim_review(claim, [])


def test_a_verdict_published_early_in_the_morning_in_bali_is_dated_that_day(
    people: FactPeople,
) -> None:
    # 06:30 WITA on 7 December is still 6 December in UTC.
    morning = dt.datetime(2026, 12, 7, 6, 30, tzinfo=ZoneInfo("Asia/Makassar"))
    with time_machine.travel(morning, tick=False):
        claim = published(people.checker_bali)
    data = review(claim)
    assert data["datePublished"] == "2026-12-07"
    assert data["itemReviewed"]["datePublished"] == "2026-12-07"


def test_the_author_is_the_agency_with_its_own_page(people: FactPeople) -> None:
    claim = published(people.checker_bali)
    author = review(claim)["author"]
    assert author == {
        "@type": "Organization",
        "name": "Diskominfos Provinsi Bali",
        "url": f"{settings.SITE_URL}/instansi/bali-diskominfos/",
    }

    people.diskominfo.website = "https://diskominfos.baliprov.go.id/"
    people.diskominfo.save()
    claim.refresh_from_db()
    author = review(claim)["author"]
    assert author["url"] == "https://diskominfos.baliprov.go.id/"
    assert author["sameAs"] == f"{settings.SITE_URL}/instansi/bali-diskominfos/"

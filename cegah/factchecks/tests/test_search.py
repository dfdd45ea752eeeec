"""Published fact-checks are found by site search (the real index), withdrawn ones are not."""

from __future__ import annotations

import pytest
from django.test import Client

from cegah.factchecks import actions
from cegah.factchecks.tests.factories import FactPeople, published

pytestmark = pytest.mark.django_db(transaction=True)


def results(client: Client, q: str) -> list[dict[str, str]]:
    data = client.get("/api/v1/search", {"q": q, "type": "factcheck", "lang": "id"}).json()
    return list(data["results"])


def test_a_published_verdict_is_found_by_site_search_and_goes_when_withdrawn(
    client: Client, people: FactPeople
) -> None:
    claim = published(people.checker_kpk)
    found = results(client, "pembinaan kepala desa")
    assert [r["url"] for r in found] == [f"/cek-fakta/{claim.slug}/"]
    assert found[0]["type"] == "factcheck"
    assert found[0]["title"].startswith("[Hoaks/Salah]")

    actions.unpublish_verdict(actor=people.checker_kpk, claim=claim, reason="Koreksi")
    assert results(client, "pembinaan kepala desa") == []

"""`/api/v1/services`: the fee check exactly as issue 14 states, and the lists."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fees")]

URL = "/api/v1/services/fee-check"


def test_the_fee_check_answers_the_documented_shape(client: Client) -> None:
    body = client.get(URL, {"q": "bikin SIM A berapa?", "on": "2026-06-01"}).json()
    first = body["results"][0]
    assert set(first) == {
        "service",
        "fee_idr",
        "free",
        "unit",
        "conditions",
        "legal_basis",
        "valid_from",
        "valid_to",
        "confidence",
    }
    assert first["service"] == {"code": "sim-a", "name": "SIM A (mobil)"}
    assert first["fee_idr"] == 120000 and first["free"] is False
    assert first["valid_from"] == "2021-01-15" and first["valid_to"] is None
    assert first["confidence"] == "sure"
    assert first["legal_basis"][0]["title"].startswith("PP 76/2020")
    assert set(first["legal_basis"][0]) == {"title", "article", "url"}


def test_rp0_is_a_value_and_free_is_true(client: Client) -> None:
    first = client.get(URL, {"q": "akta kelahiran", "on": "2026-06-01"}).json()["results"][0]
    assert first["fee_idr"] == 0 and first["free"] is True


def test_only_items_in_force_on_the_day(client: Client) -> None:
    old = client.get(URL, {"q": "paspor elektronik 10 tahun", "on": "2024-12-16"}).json()
    assert 950000 not in [r["fee_idr"] for r in old["results"]]
    assert client.get(URL, {"q": "paspor", "on": "2019-01-01"}).json() == {"results": []}


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": ""},
        {"q": "sim", "on": "kemarin"},
        {"q": "sim", "on": "2026-13-01"},
        {"q": "sim", "region": "klaten"},
    ],
)
def test_bad_parameters_are_a_422(client: Client, params: dict[str, str]) -> None:
    assert client.get(URL, params).status_code == 422


def test_services_and_fee_items_are_listed_in_pages(client: Client) -> None:
    body = client.get("/api/v1/services", {"page_size": 5}).json()
    assert body["count"] >= 25 and len(body["items"]) == 5
    assert client.get("/api/v1/services", {"sector": "police"}).json()["count"] == 10
    items = client.get(
        "/api/v1/services/fee-items", {"service": "sim-a", "on": "2016-06-01"}
    ).json()
    assert [i["fee_idr"] for i in items["items"]] == [80000]
    assert items["items"][0]["legal_basis"][0]["title"].startswith("PP 50/2010")


def test_a_service_and_a_fee_item_in_detail(client: Client) -> None:
    service = client.get("/api/v1/services/paspor").json()
    assert service["sector"] == "immigration"
    assert len(service["fee_items"]) >= 10
    item_id = service["fee_items"][0]["id"]
    assert client.get(f"/api/v1/services/fee-items/{item_id}").json()["service"] == "paspor"
    assert client.get("/api/v1/services/tidak-ada").status_code == 404
    assert client.get("/api/v1/services/fee-items/999999").status_code == 404

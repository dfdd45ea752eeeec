from __future__ import annotations

import pytest
from django.test import Client

from cegah.regions.actions import ensure_region


@pytest.fixture
def klaten(db: None) -> None:
    for code in ("33.10.01", "33.10.25", "33.10.25.1001", "51.71", "33.72"):
        ensure_region(code)


def test_without_filters_lists_provinces(client: Client, klaten: None) -> None:
    body = client.get("/api/v1/regions").json()
    assert [r["code"] for r in body["items"]] == ["33", "51"]
    assert body["items"][0] == {
        "code": "33",
        "name": "Jawa Tengah",
        "level": "province",
        "kind": "provinsi",
        "parent": None,
        "postal_code": "",
    }


def test_parent_gives_its_direct_children_for_a_cascade(client: Client, klaten: None) -> None:
    regencies = client.get("/api/v1/regions", {"level": "regency", "parent": "33"}).json()
    assert [r["name"] for r in regencies["items"]] == ["Kabupaten Klaten", "Kota Surakarta"]
    districts = client.get("/api/v1/regions", {"parent": "33.10"}).json()
    assert [r["code"] for r in districts["items"]] == ["33.10.01", "33.10.25"]
    villages = client.get("/api/v1/regions", {"parent": "33.10.25", "level": "village"}).json()
    assert villages["count"] == 1
    assert villages["items"][0]["level"] == "village"
    assert villages["items"][0]["postal_code"]


def test_q_searches_names_within_a_level(client: Client, klaten: None) -> None:
    body = client.get("/api/v1/regions", {"level": "district", "q": "klaten"}).json()
    assert [r["name"] for r in body["items"]] == ["Klaten Tengah"]


def test_results_are_paginated(client: Client, klaten: None) -> None:
    body = client.get("/api/v1/regions", {"level": "district", "page_size": 1, "page": 2}).json()
    assert body["count"] == 2
    assert [r["code"] for r in body["items"]] == ["33.10.25"]


def test_unknown_level_is_a_422_with_the_reason(client: Client, db: None) -> None:
    response = client.get("/api/v1/regions", {"level": "planet"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["query", "level"]


def test_openapi_document_describes_the_regions_endpoint(client: Client, db: None) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    params = {p["name"] for p in spec["paths"]["/api/v1/regions"]["get"]["parameters"]}
    assert {"level", "parent", "q", "page"} <= params


def test_api_docs_are_served_without_any_cdn(client: Client, db: None) -> None:
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()

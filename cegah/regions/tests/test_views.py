from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from cegah.regions.actions import ensure_region


@pytest.fixture
def regions(db: None) -> None:
    for code in ("33.10.25", "33.10.01", "51.71"):
        ensure_region(code)


def test_browse_walks_down_the_tree_with_plain_selects(client: Client, regions: None) -> None:
    html = client.get("/wilayah/").content.decode()
    assert '<option value="33">Jawa Tengah</option>' in html
    html = client.get("/wilayah/", {"province": "33", "_refresh_region": "1"}).content.decode()
    assert '<option value="33.10">Kabupaten Klaten</option>' in html
    html = client.get("/wilayah/", {"province": "33", "regency": "33.10"}).content.decode()
    assert "Klaten Tengah" in html and "Prambanan" in html


def test_browse_search_finds_regions_by_name(client: Client, regions: None) -> None:
    html = client.get("/wilayah/", {"q": "Klaten"}).content.decode()
    assert "Kabupaten Klaten" in html
    assert "Klaten Tengah" in html


def test_picker_partial_returns_the_next_level(client: Client, regions: None) -> None:
    response = client.get("/wilayah/pilih/", {"province": "51", "levels": "2"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kota Denpasar" in html
    assert 'name="district"' not in html


def test_a_region_outside_its_parent_is_rejected(client: Client, regions: None) -> None:
    html = client.get("/wilayah/", {"province": "51", "regency": "33.10"}).content.decode()
    assert "Kabupaten Klaten" not in html.split("<h2>")[-1]


def test_region_search_query_count_is_constant(
    client: Client, regions: None, django_assert_max_num_queries: Any
) -> None:
    client.get("/")  # fills the header's cached section addresses
    with django_assert_max_num_queries(6):
        assert client.get("/wilayah/", {"q": "kab"}).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get("/wilayah/", {"q": "Klaten", "province": "33"}).status_code == 200

"""The integrity API answers in the shapes the issue states."""

from __future__ import annotations

from django.test import Client


def test_scores_of_klaten(client: Client, published: None) -> None:
    body = client.get("/api/v1/integrity/scores?instrument=mcp&region=33.10").json()
    years = {r["year"]: r for r in body["results"]}
    assert set(years) == {2022, 2023}  # the interim 2021 progress figure is left out
    row = years[2023]
    assert row == {
        "instrument": "mcp",
        "year": 2023,
        "government": {"region_code": "33.10", "name": "Kabupaten Klaten"},
        "score": 92.43,
        "category": {"code": "hijau", "label": "Hijau"},
        "published_category": "",
        "published_rank": 8,
        "published_rank_of": None,
        "rank_scope": "province",
        "components": {},
        "source": {
            "title": "Detik Jateng: nilai MCP Klaten meningkat",
            "url": "https://detik.com/jateng/berita/d-7516706/nilai-mcp-klaten-meningkat-bupati-komitmen-cegah-korupsi-di-klaten",
        },
        "confidence": "likely",
    }
    assert years[2022]["published_rank"] == 15 and years[2022]["published_rank_of"] == 35
    assert years[2022]["category"] is None  # no MCP bands published for 2022


def test_scores_of_bali_carry_components(client: Client, published: None) -> None:
    body = client.get("/api/v1/integrity/scores?instrument=spi&region=51&year=2024").json()
    (row,) = body["results"]
    assert row["components"] == {
        "internal": 77.75,
        "external": 89.17,
        "expert": 78.71,
        "correction": 3.88,
    }
    assert row["category"] == {"code": "waspada", "label": "Waspada"}


def test_national_index(client: Client, published: None) -> None:
    body = client.get("/api/v1/integrity/national?instrument=spi&year=2024").json()
    assert body["index"] == 71.53 and body["category"]["code"] == "rentan"
    assert "kuning bawah" in body["published_category"]
    assert body["by_kind"]["province"] == 67.52
    derived = client.get("/api/v1/integrity/national?instrument=mcp&year=2022").json()
    assert derived["index"] == 76.29 and derived["derived"] is True
    missing = client.get("/api/v1/integrity/national?instrument=spi&year=2019").json()
    assert missing["index"] is None
    nothing = client.get("/api/v1/integrity/national?instrument=mcp&year=2030").json()
    assert nothing["index"] is None and nothing["source"] is None


def test_categories_by_the_bands_of_the_year(client: Client, published: None) -> None:
    b2023 = client.get("/api/v1/integrity/categories?instrument=spi&year=2023&score=77.8").json()
    b2024 = client.get("/api/v1/integrity/categories?instrument=spi&year=2024&score=77.8").json()
    assert b2023["category"]["code"] == "terjaga"
    assert b2024["category"]["code"] == "waspada"
    assert [b["code"] for b in b2024["bands"]] == ["rentan", "waspada", "terjaga"]
    assert b2024["bands"][1] == {
        "code": "waspada",
        "label": "Waspada",
        "label_en": "Watch",
        "lower": 73.0,
        "upper": 78.0,
        "confidence": "sure",
    }
    none = client.get("/api/v1/integrity/categories?instrument=spi&year=2022&score=80").json()
    assert none["category"] is None and none["bands"] == []


def test_bad_parameters_get_422(client: Client, published: None) -> None:
    assert client.get("/api/v1/integrity/scores?instrument=xyz").status_code == 422
    assert (
        client.get("/api/v1/integrity/categories?instrument=spi&year=2024&score=101").status_code
        == 422
    )
    assert client.get("/api/v1/integrity/national?instrument=spi").status_code == 422

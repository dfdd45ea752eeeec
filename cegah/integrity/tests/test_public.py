"""The public pages: versioned bands and area sets, published figures shown as published,
the weakest part with its tools, rankings, and the platform's activity beside the scores."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cegah.integrity.judging import Book
from cegah.integrity.models import Instrument, Score
from cegah.integrity.weakest import TOOLS, links_for, weakest_part


def test_a_score_is_judged_by_the_bands_of_its_own_survey_year(published: None) -> None:
    book = Book.load()
    # Green began at 77.5 in the 2023 bands (Kompas) and at 78 from 2024 (kpk.go.id).
    assert book.judge("spi", 2023, Decimal("77.8")).code == "terjaga"  # type: ignore[union-attr]
    assert book.judge("spi", 2024, Decimal("77.8")).code == "waspada"  # type: ignore[union-attr]
    assert book.judge("spi", 2024, Decimal("78.00")).code == "terjaga"  # type: ignore[union-attr]
    assert book.judge("spi", 2024, Decimal("72.99")).code == "rentan"  # type: ignore[union-attr]
    assert book.judge("spi", 2024, Decimal("73")).code == "waspada"  # type: ignore[union-attr]
    # MCP had four colour bands in 2023 and the SPI-style bands in 2024.
    assert book.judge("mcp", 2023, 60).code == "biru"  # type: ignore[union-attr]
    assert book.judge("mcp", 2024, 60).code == "rentan"  # type: ignore[union-attr]
    # No bands were found for 2022: no category is made up.
    assert book.judge("spi", 2022, 80) is None


def test_the_area_set_follows_the_year(published: None) -> None:
    book = Book.load()
    codes_2023 = [c.code for c in book.components("mcp", 2023)]
    codes_2024 = [c.code for c in book.components("mcp", 2024)]
    assert len(codes_2023) == len(codes_2024) == 8
    assert "village_funds" in codes_2023 and "licensing" in codes_2023
    assert "village_funds" not in codes_2024
    assert {"planning", "budgeting", "public_service"} <= set(codes_2024)
    assert book.component_set("mcp", 2025).code == "ipkd-2025"  # type: ignore[union-attr]
    assert [c.code for c in book.components("spi", 2024)] == [
        "internal",
        "external",
        "expert",
        "correction",
    ]


def test_klaten_rank_and_score_are_shown_as_published_with_a_flag(
    client: Client, published: None
) -> None:
    response = client.get("/integritas/33.10/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Kabupaten Klaten" in page
    assert "94,18" in page and "92,43" in page
    assert "15 dari 35" in page
    assert "8 (jumlah yang diperingkat tidak disebutkan)" in page
    # The validator's flag: the rank rose while the score fell; neither figure is changed.
    assert (
        "peringkat naik dari 15 (2022) ke 8 (2023) sementara skornya turun dari 94,18 ke 92,43"
        in page
    )
    klaten = Score.objects.get(government_id="33.10", instrument="mcp", year=2023)
    assert klaten.score == Decimal("92.43") and klaten.published_rank == 8
    # The SPI of 2025 is judged by the 2025 bands, with the published label beside it.
    assert "Waspada" in page and "kuning/waspada" in page


def test_bali_page_names_the_weakest_component_and_a_one_click_start(
    client: Client, published: None
) -> None:
    page = client.get("/integritas/51/").content.decode()
    # 2024: internal 77.75, external 89.17, expert 78.71; the correction factor is left out.
    assert 'class="weakest-part"><strong>Internal (pegawai)</strong>: 77,75' in page
    assert 'class="button" href="/gratifikasi/laporan/upg/"' in page
    assert '<title id="weak-spi-t">' in page and "<table>" in page
    # The Bali-wide average is kept apart from the provincial government's score.
    assert "77,09" in page and "rata-rata wilayah" in page


def test_the_weakest_component_maps_to_its_tools(published: None) -> None:
    book = Book.load()
    by_code = {c.code: c for c in book.components("spi", 2024)}
    assert by_code["expert"].tools == ["dissemination"]
    assert by_code["external"].tools == ["dissemination", "public_service"]
    assert by_code["internal"].tools == ["internal_integrity"]
    assert by_code["correction"].subtracted
    score = Score(
        instrument="spi", year=2024, components={"internal": 90, "expert": 60, "correction": 1}
    )
    weak = weakest_part(score, book)
    assert weak is not None and weak.component.code == "expert"
    assert weak.start is not None and weak.start.url == "/kampanye/baru/"
    assert [link.url for link in weak.links] == ["/kampanye/baru/", "/pustaka/"]
    # Every tool named in the data exists in TOOLS.
    for cs in book.sets:
        for component in cs.components.all():
            assert set(component.tools) <= set(TOOLS)
    # A page still being built by another team is left out, never linked to a 404.
    urls = [link.url for link in links_for(["public_service"])]
    assert "/keluhan/instansi/" in urls


def test_the_weakest_mcp_area_uses_the_set_of_its_year(published: None) -> None:
    book = Book.load()
    bengkulu = Score.objects.get(government_id="17", instrument="mcp", year=2024)
    weak = weakest_part(bengkulu, book)
    assert weak is not None and weak.component.code == "procurement" and weak.value == 58.95
    assert weak.tool_keys == ("internal_integrity",)


def test_national_ranking_by_kind_and_size_class(client: Client, published: None) -> None:
    page = client.get(
        "/integritas/peringkat/?instrumen=spi&tahun=2024&jenis=province"
    ).content.decode()
    assert (
        page.index("Provinsi Jawa Tengah")
        < page.index("Provinsi Bali")
        < page.index("Provinsi Papua Pegunungan")
    )
    assert "Kota Surakarta" not in page
    big = client.get("/integritas/peringkat/?instrumen=spi&tahun=2023&tipe=besar").content.decode()
    assert "Provinsi Jawa Tengah" in big and "Kota Surakarta" in big
    assert "Provinsi Kalimantan Selatan" not in big


def test_province_ranking_keeps_the_province_apart_and_shows_published_ranks(
    client: Client, published: None
) -> None:
    response = client.get("/integritas/provinsi/33/?instrumen=spi&tahun=2024")
    page = response.content.decode()
    assert "19/36" in page  # Solo, as published: the count includes the province.
    assert "Pemerintah provinsi (Provinsi Jawa Tengah): 79,47" in page
    rows = response.context["rows"]
    assert rows[0].government.name == "Kabupaten Grobogan" and rows[0].rank == 1
    assert all(r.government.kind != "province" for r in rows)


def test_the_province_ranking_page_has_a_fixed_number_of_queries(
    client: Client, published: None
) -> None:
    client.get("/integritas/provinsi/31/")  # the site's own per-process lookups, made once
    counts = []
    for url in (
        "/integritas/provinsi/33/?instrumen=spi&tahun=2024",  # 9 regencies and cities
        "/integritas/provinsi/35/?instrumen=spi&tahun=2023",  # 17
        "/integritas/provinsi/51/?instrumen=mcp&tahun=2024",  # 2
    ):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    # Whatever the number of rows: the province, the years, the bands and the scores.
    assert counts[0] == counts[1] == counts[2] <= 5, counts


def test_home_finds_a_government_and_shows_the_national_index(
    client: Client, published: None
) -> None:
    page = client.get("/integritas/?q=klaten").content.decode()
    assert 'href="/integritas/33.10/"' in page
    assert "70,97" in page and "76,29" in page  # SPI 2023; MCP 2022 derived
    assert "3,85" in page  # IPAK 2024
    assert 'role="img"' in page and "<caption" in page


def test_the_platform_activity_sits_beside_the_scores_with_the_plain_statement(
    client: Client, published: None
) -> None:
    page = client.get("/integritas/33.10/").content.decode()
    assert "bukan penyebab yang terukur" in page
    assert Instrument.MCP in page


def test_english_page(client: Client, published: None) -> None:
    page = client.get("/en/integritas/33.10/").content.decode()
    assert "From the weakest part to an action" in page


@pytest.mark.parametrize("url", ["/integritas/99.99/", "/integritas/provinsi/33.10/"])
def test_unknown_government_is_404(client: Client, published: None, url: str) -> None:
    assert client.get(url).status_code == 404

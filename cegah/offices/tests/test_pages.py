"""The public pages: search, region, office; fees from the registry and the "report it" links."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cegah.offices.models import SchoolFunds, VillageFunds
from cegah.offices.tests.factories import make_office, make_service, make_standard
from cegah.services.models import FeeItem, LegalBasis

pytestmark = pytest.mark.django_db


def test_office_page_shows_free_services_the_regulation_and_report_links(client: Client) -> None:
    office = make_office("DUK-3310", "Disdukcapil Kabupaten Klaten", "dukcapil", "33.10")
    make_standard(office, make_service())
    page = client.get(reverse("offices:detail", args=["DUK-3310"])).content.decode()
    assert "Disdukcapil Kabupaten Klaten" in page
    assert "Akta kelahiran" in page and "GRATIS" in page
    assert "UU 24/2013" in page and "Pasal 79A" in page
    assert "/keluhan/baru/?kantor=DUK-3310&amp;layanan=akta-kelahiran" in page
    assert "/keluhan/baru/?kantor=DUK-3310" in page
    assert "Ada yang janggal? Laporkan" in page


def test_office_page_shows_the_fee_in_force_and_a_local_levy_where_the_law_allows(
    client: Client,
) -> None:
    office = make_office("PKM-1", "Puskesmas Klaten Tengah", "puskesmas", "33.10.25")
    service = make_service(
        "puskesmas", "Puskesmas umum", amount=10_000, basis="Perda X", regions_may_override=True
    )
    local = FeeItem.objects.create(
        service=service, amount_idr=7_500, region_code="33.10", valid_from=dt.date(2020, 1, 1)
    )
    LegalBasis.objects.create(fee_item=local, title="Perda Klaten 1/2024")
    make_standard(office, service)
    page = client.get(reverse("offices:detail", args=["PKM-1"])).content.decode()
    assert "Rp7.500" in page and "Rp10.000" not in page
    assert "retribusi daerah" in page
    other = make_office("PKM-2", "Puskesmas Denpasar", "puskesmas", "51.71")
    make_standard(other, service)
    assert "Rp10.000" in client.get(reverse("offices:detail", args=["PKM-2"])).content.decode()


def test_a_service_with_no_fee_recorded_is_not_called_free(client: Client) -> None:
    office = make_office("X-1", "Kantor X", "other")
    service = make_service("layanan-x", "Layanan X", valid_from=dt.date(2099, 1, 1))
    make_standard(office, service)
    page = client.get(reverse("offices:detail", args=["X-1"])).content.decode()
    assert "Biaya resmi belum tercatat." in page and "GRATIS" not in page


def test_office_page_shows_bos_and_dana_desa_figures(client: Client) -> None:
    school = make_office()
    SchoolFunds.objects.create(
        office=school, year=2024, stage=1, received_idr=47_250_000, spent_idr=45_000_000
    )
    page = client.get(school.get_absolute_url()).content.decode()
    assert "Bantuan Operasional Sekolah (BOS)" in page and "Rp47.250.000" in page
    village = make_office("33.10.01.2001", "Kantor Desa Sengon", "village_office", "33.10.01.2001")
    for stage in (1, 2):
        VillageFunds.objects.create(
            office=village,
            year=2024,
            stage=stage,
            ceiling_idr=1_000_000_000,
            disbursed_idr=400_000_000,
        )
    page = client.get(village.get_absolute_url()).content.decode()
    assert "Dana Desa" in page and "Rp400.000.000" in page
    region = client.get(reverse("offices:region", args=["33.10"])).content.decode()
    # The ceiling counts once per village, not once per stage.
    assert "Rp1.000.000.000" in region and "Rp800.000.000" in region
    assert "Rp2.000.000.000" not in region


def test_search_finds_offices_by_name_kind_and_region_words(client: Client) -> None:
    make_office("A1", "SD Negeri 1 Klaten", "school", "33.10")
    make_office("A2", "Puskesmas Prambanan", "puskesmas", "33.10.01")
    make_office("B1", "Puskesmas I Denpasar Selatan", "puskesmas", "51.71")
    page = client.get(reverse("offices:home"), {"q": "puskesmas klaten"}).content.decode()
    assert "Puskesmas Prambanan" in page and "Denpasar" not in page.split("Telusuri")[0]
    page = client.get(reverse("offices:home"), {"q": "sekolah"}).content.decode()
    assert "SD Negeri 1 Klaten" in page
    page = client.get(reverse("offices:home"), {"q": "denpas"}).content.decode()
    assert "Puskesmas I Denpasar Selatan" in page
    page = client.get(
        reverse("offices:home"), {"wilayah": "51", "jenis": "puskesmas"}
    ).content.decode()
    assert "Puskesmas I Denpasar Selatan" in page and "Prambanan</a>" not in page


def test_region_page_lists_offices_by_kind(client: Client) -> None:
    make_office("A1", "SD Negeri 1 Klaten", "school", "33.10.25")
    make_office("A2", "Puskesmas Prambanan", "puskesmas", "33.10.01")
    page = client.get(reverse("offices:region", args=["33.10"])).content.decode()
    assert "Unit layanan di Kabupaten Klaten" in page
    assert page.index("Sekolah") < page.index("SD Negeri 1 Klaten")
    assert "Puskesmas Prambanan" in page


def test_list_pages_use_a_bounded_number_of_queries(client: Client) -> None:
    for i in range(30):
        make_office(f"S{i}", f"SD Negeri {i} Klaten", "school", "33.10.25")
        make_office(f"P{i}", f"Puskesmas {i} Klaten", "puskesmas", "33.10.01")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("offices:home"), {"q": "klaten"}).status_code == 200
    assert len(queries) <= 7
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("offices:region", args=["33.10"])).status_code == 200
    assert len(queries) <= 9
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/offices", {"q": "klaten"}).status_code == 200
    assert len(queries) <= 3


def test_english_pages_exist(client: Client) -> None:
    office = make_office()
    page = client.get("/en" + office.get_absolute_url()).content.decode()
    assert "Something looks wrong? Report it" in page


def test_an_unknown_office_is_a_404(client: Client) -> None:
    assert client.get(reverse("offices:detail", args=["nope"])).status_code == 404


def test_a_broad_search_lists_a_first_page_and_asks_to_narrow_it(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("cegah.offices.search.BROAD", 2)
    monkeypatch.setattr("cegah.offices.views.BROAD", 2)
    for i in range(4):
        make_office(f"S{i}", f"SD Negeri {i} Klaten", "school", "33.10.25")
    page = client.get(reverse("offices:home"), {"q": "sekolah"}).content.decode()
    assert "Lebih dari 2 unit layanan: persempit pencarian" in page
    assert page.count('href="/unit-layanan/S') == 2

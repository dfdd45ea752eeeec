"""Statistics: public aggregates, nationally and per government, and the staff CSV/XLSX."""

from __future__ import annotations

import csv
import io

from django.test import Client
from openpyxl import load_workbook

from cegah.gratification.tests.conftest import Gratification
from cegah.gratification.tests.factories import create_draft, submit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _three_reports(client: Client, people: Gratification) -> None:
    """Two on time (one decided state property), one late, all sent in November 2026."""
    people.p.agency_a.has_gratification_unit = False
    people.p.agency_a.save()
    client.force_login(people.p.asn_a)
    first = submit(client, create_draft(client, form_token="a"))
    submit(client, create_draft(client, form_token="b", value_idr="3000000"))
    submit(client, create_draft(client, form_token="c", received_on="2026-06-01"))
    client.force_login(people.kpk_grat)
    client.post(f"/gratifikasi/laporan/{first.pk}/verifikasi/")
    client.post(f"/gratifikasi/laporan/{first.pk}/tetapkan/", {"decide-decision": "milik_negara"})
    client.logout()


def test_the_public_page_shows_totals_without_personal_data(
    client: Client, people: Gratification
) -> None:
    _three_reports(client, people)
    response = client.get("/gratifikasi/statistik/", {"tahun": 2026})
    assert response.status_code == 200
    (november,) = response.context["months"]
    assert (november.month, november.reports, november.value_idr) == (11, 3, 7_000_000)
    assert november.on_time_share == 66.7 and november.milik_negara == 1
    (klaten,) = response.context["governments"]
    assert klaten.agency == "Pemerintah Kabupaten Klaten" and klaten.reports == 3
    html = response.content.decode()
    assert "Sri Lestari" not in html and "CV Maju Jaya" not in html and "GR-2026" not in html
    assert "Unduh sebagai CSV" not in html


def test_one_governments_months_are_reachable_by_its_code(
    client: Client, people: Gratification
) -> None:
    _three_reports(client, people)
    response = client.get("/gratifikasi/statistik/", {"tahun": 2026, "instansi": "pemprov-bali"})
    assert response.context["months"] == []
    assert client.get("/gratifikasi/statistik/", {"instansi": "klaten-disdik"}).status_code == 404


def test_kpk_exports_every_government_as_csv(client: Client, people: Gratification) -> None:
    _three_reports(client, people)
    client.force_login(people.kpk_grat)
    response = client.get("/gratifikasi/statistik/csv/", {"tahun": 2026})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[0].startswith(
        "Tahun,Bulan,Instansi,Laporan,Nilai (Rp),Dilaporkan tepat waktu,"
        "Dilaporkan tepat waktu (%),Milik penerima"
    )
    assert lines[1] == "2026,11,Pemerintah Kabupaten Klaten,3,7000000,2,66.7,0,1,0,0,0"


def test_the_csv_is_404_for_people_who_are_not_gratification_staff(
    client: Client, people: Gratification
) -> None:
    for who in (people.p.asn_a, people.p.officer_b, people.p.kpk_officer):
        client.force_login(who)
        assert client.get("/gratifikasi/statistik/csv/").status_code == 404


def test_kpk_exports_the_same_rows_as_xlsx_with_a_header_row(
    client: Client, people: Gratification
) -> None:
    _three_reports(client, people)
    client.force_login(people.kpk_grat)
    response = client.get("/gratifikasi/statistik/xlsx/", {"tahun": 2026})
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert 'filename="gratifikasi-2026.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    csv_lines = client.get("/gratifikasi/statistik/csv/", {"tahun": 2026}).content.decode()
    assert rows == [
        ["Tahun", "Bulan", "Instansi", "Laporan", "Nilai (Rp)", "Dilaporkan tepat waktu",
         "Dilaporkan tepat waktu (%)", "Milik penerima", "Milik negara",
         "Milik negara yang dapat diganti dengan uang",
         "Tidak dapat ditindaklanjuti",
         "Penetapan dihentikan"],
        [2026, 11, "Pemerintah Kabupaten Klaten", 3, 7_000_000, 2, 66.7, 0, 1, 0, 0, 0],
    ]  # fmt: skip
    assert [next(csv.reader([line])) for line in csv_lines.splitlines()] == [
        [str(v) for v in r] for r in rows
    ]


def test_a_upg_exports_only_its_own_government_as_xlsx(
    client: Client, people: Gratification
) -> None:
    _three_reports(client, people)
    client.force_login(people.upg_a)
    response = client.get("/gratifikasi/statistik/xlsx/", {"tahun": 2026})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    agencies = [r[2] for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert agencies == ["Pemerintah Kabupaten Klaten"]
    html = client.get("/gratifikasi/statistik/", {"tahun": 2026}).content.decode()
    assert "/gratifikasi/statistik/xlsx/?tahun=2026" in html


def test_the_xlsx_is_404_for_people_who_are_not_gratification_staff(
    client: Client, people: Gratification
) -> None:
    for who in (people.p.asn_a, people.p.officer_b, people.p.kpk_officer):
        client.force_login(who)
        assert client.get("/gratifikasi/statistik/xlsx/").status_code == 404
    client.logout()
    assert client.get("/gratifikasi/statistik/xlsx/").status_code == 302


def test_export_headings_are_in_the_language_of_the_address(
    client: Client, people: Gratification
) -> None:
    client.force_login(people.kpk_grat)
    headers = {}
    for prefix in ("", "/en"):
        csv_text = client.get(f"{prefix}/gratifikasi/statistik/csv/").content.decode()
        xlsx = client.get(f"{prefix}/gratifikasi/statistik/xlsx/").content
        sheet = load_workbook(io.BytesIO(xlsx), read_only=True).active
        xlsx_header = [str(v) for v in next(sheet.iter_rows(values_only=True))]
        assert next(csv.reader(io.StringIO(csv_text))) == xlsx_header
        headers[prefix] = xlsx_header
    assert headers["/en"][:4] == ["Year", "Month", "Agency", "Reports"]
    assert all(i != e for i, e in zip(headers[""], headers["/en"], strict=True))

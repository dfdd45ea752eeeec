"""Public statistics never point at a person: counts below 5 are hidden (no count, no value)
in the page, the CSV and the XLSX alike, with the cells that would give them away; months by
name; a layout for phones; public downloads of the hidden grid."""

from __future__ import annotations

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import time_machine
from django.test import Client
from openpyxl import load_workbook

from cegah.accounts.models import Role
from cegah.gratification.tests.conftest import Gratification
from cegah.gratification.tests.factories import decide_directly, submitted_reports
from cegah.test import make_user

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HIDDEN = "disembunyikan"
JAKARTA = ZoneInfo("Asia/Jakarta")


def _klaten_and_bali(people: Gratification, klaten: int = 7, bali: int = 3) -> None:
    """Reports sent in November 2026: `klaten` from Pemkab Klaten (Rp2,000,000 each), `bali`
    from Pemprov Bali (Rp1,000,000 each)."""
    submitted_reports(people.p.asn_a, people.p.unit_a, klaten)
    asn_b = make_user("asn.b@example.org", (people.p.agency_b, Role.CIVIL_SERVANT))
    submitted_reports(asn_b, people.p.agency_b, bali, value_idr="1000000", reporter_email="")


def _same(value: object) -> object:
    """A cell as text or number, whichever file it came from (Excel keeps 100.0 as 100)."""
    if value is None:
        return ""
    try:
        return float(str(value))
    except ValueError:
        return str(value)


def _csv_rows(client: Client, prefix: str = "") -> list[list[str]]:
    response = client.get(f"{prefix}/gratifikasi/statistik/csv/", {"tahun": 2026})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_a_government_with_three_reports_shows_neither_their_number_nor_their_value(
    client: Client, people: Gratification
) -> None:
    _klaten_and_bali(people)
    response = client.get("/gratifikasi/statistik/", {"tahun": 2026})
    assert response.status_code == 200
    klaten, bali, nation = response.context["governments"]
    assert (bali.agency, bali.reports, bali.value_idr) == ("Pemerintah Provinsi Bali", None, None)
    # Klaten's 7 are hidden too: the nation's 10 minus Klaten's 7 would give Bali's 3.
    assert (klaten.reports, klaten.value_idr) == (None, None)
    assert (nation.reports, nation.value_idr) == (10, 17_000_000)
    html = response.content.decode()
    table = html[html.index('id="stats-governments-table"') :]
    table = table[: table.index("</table>")]
    assert table.count(f'<span class="suppressed">{HIDDEN}</span>') >= 4
    assert "Rp3.000.000" not in table and "Rp14.000.000" not in table
    assert ">3<" not in table and ">7<" not in table
    # Bali's own page hides its month and its year alike.
    own = client.get("/gratifikasi/statistik/", {"tahun": 2026, "instansi": "pemprov-bali"})
    november = own.context["months"][10]
    assert (november.month_name, november.reports, november.value_idr) == ("November", None, None)
    assert own.context["months"][-1].reports is None


def test_a_month_with_two_reports_is_hidden_with_another_so_the_year_gives_neither_away(
    client: Client, people: Gratification
) -> None:
    with time_machine.travel(dt.datetime(2026, 10, 15, 10, tzinfo=JAKARTA), tick=False):
        submitted_reports(people.p.asn_a, people.p.unit_a, 2, received_on="2026-10-12")
    submitted_reports(people.p.asn_a, people.p.unit_a, 6)
    months = client.get("/gratifikasi/statistik/", {"tahun": 2026}).context["months"]
    by_name = {row.month_name: row for row in months}
    assert by_name["Oktober"].reports is None
    # 8 in the year minus 6 in November would give October's 2.
    assert by_name["November"].reports is None and by_name["November"].value_idr is None
    assert by_name["Setahun"].reports == 8
    assert by_name["September"].reports == 0


def test_small_outcomes_and_a_share_on_time_that_reveals_one_late_report_are_hidden(
    client: Client, people: Gratification
) -> None:
    people.p.agency_a.has_gratification_unit = False
    people.p.agency_a.save()
    reports = submitted_reports(people.p.asn_a, people.p.unit_a, 11)
    submitted_reports(people.p.asn_a, people.p.unit_a, 1, received_on="2026-06-01")
    decide_directly(people.kpk_grat, reports[0], "milik_negara")
    months = client.get("/gratifikasi/statistik/", {"tahun": 2026}).context["months"]
    november = months[10]
    assert november.reports == 12 and november.value_idr == 24_000_000
    assert november.milik_negara is None  # one decision: hidden
    assert november.milik_penerima == 0  # nobody: shown
    assert november.on_time_share is None and november.share_hidden  # 11 of 12: one late


def test_a_share_on_time_is_shown_when_no_side_is_small(
    client: Client, people: Gratification
) -> None:
    submitted_reports(people.p.asn_a, people.p.unit_a, 5)
    submitted_reports(people.p.asn_a, people.p.unit_a, 5, received_on="2026-06-01")
    november = client.get("/gratifikasi/statistik/", {"tahun": 2026}).context["months"][10]
    assert (november.reports, november.on_time_share) == (10, 50.0)


def test_months_are_named_and_each_figure_carries_its_heading_for_phones(
    client: Client, people: Gratification
) -> None:
    submitted_reports(people.p.asn_a, people.p.unit_a, 5)
    html = client.get("/gratifikasi/statistik/", {"tahun": 2026}).content.decode()
    table = html[html.index('id="stats-months-table"') :]
    table = table[: table.index("</table>")]
    for month in ("November", "Setahun"):
        assert f'<th scope="row">{month}</th>' in table
    assert "Januari" not in table  # no report: left out of the page, listed in the files
    assert "Desember" not in table  # not begun yet
    assert "Bulan tanpa laporan tidak dicantumkan." in html
    assert '<td class="num" data-label="Laporan">5</td>' in table
    assert 'data-label="Milik negara"' in table
    assert 'href="/static/gratification/gratification.css"' in html
    english = client.get("/en/gratifikasi/statistik/", {"tahun": 2026}).content.decode()
    assert '<th scope="row">November</th>' in english and "Whole year" in english


def test_anyone_downloads_the_same_hidden_grid_as_csv(
    client: Client, people: Gratification
) -> None:
    _klaten_and_bali(people)
    rows = _csv_rows(client)
    assert rows[0] == [
        "Tahun", "Bulan", "Instansi", "Laporan", "Nilai (Rp)", "Dilaporkan tepat waktu (%)",
        "Milik penerima", "Milik negara", "Milik negara yang dapat diganti dengan uang",
        "Tidak dapat ditindaklanjuti", "Penetapan dihentikan",
    ]  # fmt: skip
    by_key = {(row[2], row[1]): row for row in rows[1:]}
    bali = by_key[("Pemerintah Provinsi Bali", "November")]
    assert bali[3:5] == [HIDDEN, HIDDEN]
    assert by_key[("Pemerintah Kabupaten Klaten", "November")][3:5] == [HIDDEN, HIDDEN]
    nation = by_key[("Nasional", "November")]
    assert nation[3:6] == ["10", "17000000", "100.0"]
    assert by_key[("Nasional", "Setahun")][3] == "10"
    assert by_key[("Pemerintah Provinsi Bali", "Januari")][3:5] == ["0", "0"]
    text = "\n".join(",".join(row) for row in rows)
    assert "Sri Lestari" not in text and "CV Maju Jaya" not in text and "GR-2026" not in text
    assert ",3," not in text and ",3000000," not in text


def test_the_xlsx_has_the_csvs_rows_and_explains_the_hidden_figures(
    client: Client, people: Gratification
) -> None:
    _klaten_and_bali(people)
    response = client.get("/gratifikasi/statistik/xlsx/", {"tahun": 2026})
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert 'filename="gratifikasi-2026.xlsx"' in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    sheet, notes = book["2026"], book["Catatan"]
    rows = [[_same(v) for v in r] for r in sheet.iter_rows(values_only=True)]
    assert rows == [[_same(v) for v in r] for r in _csv_rows(client)]
    (note,) = [r[0] for r in notes.iter_rows(values_only=True)]
    assert "1 sampai 4 laporan" in note and f"“{HIDDEN}”" in note


def test_the_page_offers_the_downloads_to_everyone(client: Client, people: Gratification) -> None:
    html = client.get("/gratifikasi/statistik/", {"tahun": 2026}).content.decode()
    assert 'href="/gratifikasi/statistik/csv/?tahun=2026"' in html
    assert 'href="/gratifikasi/statistik/xlsx/?tahun=2026"' in html
    assert "kurang dari 5" in html


def test_export_headings_are_in_the_language_of_the_address(client: Client) -> None:
    headers = {}
    for prefix in ("", "/en"):
        csv_header = _csv_rows(client, prefix)[0]
        xlsx = client.get(f"{prefix}/gratifikasi/statistik/xlsx/", {"tahun": 2026}).content
        sheet = load_workbook(io.BytesIO(xlsx), read_only=True).active
        xlsx_header = [str(v) for v in next(sheet.iter_rows(values_only=True))]
        assert csv_header == xlsx_header
        headers[prefix] = xlsx_header
    assert headers["/en"][:4] == ["Year", "Month", "Agency", "Reports"]
    assert all(i != e for i, e in zip(headers[""], headers["/en"], strict=True))


def test_one_governments_page_is_reachable_by_its_code_and_units_are_not(
    client: Client, people: Gratification
) -> None:
    _klaten_and_bali(people)
    assert client.get("/gratifikasi/statistik/", {"instansi": "klaten-disdik"}).status_code == 404
    response = client.get("/gratifikasi/statistik/", {"tahun": 2026, "instansi": "pemkab-klaten"})
    assert response.status_code == 200 and len(response.context["months"]) == 12

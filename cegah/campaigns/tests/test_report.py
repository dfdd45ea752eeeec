"""The report "Laporan Pelaksanaan Kampanye" as XLSX and PDF: the dashboard's numbers, scoped.

The clock stands in the evening of the campaign's second day: days 1 and 2 are counted, day 3
has not come."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from openpyxl import load_workbook
from pypdf import PdfReader

from cegah.audit.models import AccessKind, AccessLog
from cegah.campaigns.models import Campaign, Click, Share
from cegah.campaigns.report import ranking_chart_svg, trend_chart_svg
from cegah.campaigns.stats import campaign_stats, ranking, trend
from cegah.campaigns.tests.conftest import People
from cegah.campaigns.tests.factories import DAYS, make_campaign, make_participant, token_for
from cegah.campaigns.tests.test_campaigns import login

pytestmark = pytest.mark.django_db


DAY_2_EVENING = dt.datetime(2024, 4, 25, 19, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


@pytest.fixture
def campaign(people: People, _frozen_time: time_machine.Coordinates) -> Campaign:
    _frozen_time.move_to(DAY_2_EVENING)
    campaign = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a, people.unit_b])
    sri = make_participant(campaign, people.p.unit_a, "Sri Wahyuni", "198805122015032004")
    agus = make_participant(campaign, people.p.unit_a, "Agus Disdik")
    dewi = make_participant(campaign, people.unit_b, "Dewi Dinkes")
    make_participant(campaign, people.unit_b, "Budi Dinkes")
    make_participant(campaign, people.unit_b, "Rina Dinkes")
    Share.objects.create(participant=sri, day=DAYS[0], channel="whatsapp_status")
    Share.objects.create(participant=sri, day=DAYS[0], channel="instagram")
    Share.objects.create(participant=agus, day=DAYS[1], channel="whatsapp_status")
    Share.objects.create(participant=dewi, day=DAYS[0], channel="whatsapp_status")
    Click.objects.create(participant=sri, day=DAYS[0], visitor="a" * 64, hits=7)
    Click.objects.create(participant=dewi, day=DAYS[0], visitor="b" * 64, hits=2)
    return campaign


def sheet_rows(content: bytes) -> list[tuple[Any, ...]]:
    book = load_workbook(io.BytesIO(content), read_only=True)
    return list(book.active.iter_rows(values_only=True))


def row_of(rows: list[tuple[Any, ...]], first: Any, second: Any = None) -> tuple[Any, ...]:
    return next(r for r in rows if r[0] == first and (second is None or r[1] == second))


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF")
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_xlsx_has_the_circular_period_and_the_dashboards_numbers(
    client: Client, people: People, campaign: Campaign
) -> None:
    login(client, people.manager)
    response = client.get(f"/kampanye/{campaign.pk}/laporan.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f'filename="laporan-kampanye-{campaign.pk}.xlsx"' in response["Content-Disposition"]
    rows = sheet_rows(response.content)
    assert rows[0][0] == "Laporan Pelaksanaan Kampanye"
    assert row_of(rows, "Nomor surat edaran")[1] == "B/700/127/11"
    assert row_of(rows, "Tanggal surat edaran")[1].date().isoformat() == "2024-04-04"
    assert row_of(rows, "Ditandatangani oleh")[1] == "Sekretaris Daerah"
    period = row_of(rows, "Periode")
    assert (period[1].date().isoformat(), period[2].date().isoformat()) == (
        "2024-04-24",
        "2024-04-26",
    )
    assert row_of(rows, "Angka per tanggal")[1].date().isoformat() == "2024-04-25"
    header = row_of(rows, "Kode instansi")
    assert header[2:6] == ("Peserta", "Konfirmasi 2024-04-24", "Persentase 2024-04-24 (%)",
                           "Konfirmasi 2024-04-25")  # fmt: skip
    # Dinas Pendidikan: 2 people; day 1 one (two channels, one person), day 2 one; 7 clicks.
    # Day 3 has not come: it says so, and holds no number.
    assert row_of(rows, "klaten-disdik") == (
        "klaten-disdik", "Dinas Pendidikan Kabupaten Klaten", 2, 1, 50.0, 1, 50.0,
        "belum berlangsung", None, 7, 1,
    )  # fmt: skip
    assert row_of(rows, "klaten-dinkes") == (
        "klaten-dinkes", "Dinas Kesehatan Kabupaten Klaten", 3, 1, 33.3, 0, 0.0,
        "belum berlangsung", None, 2, 1,
    )  # fmt: skip
    total = row_of(rows, None, "Jumlah")
    assert total[2:] == (5, 2, 40.0, 1, 20.0, "belum berlangsung", None, 9, 2)
    # The very numbers of the stats API.
    api = client.get(
        f"/api/v1/campaigns/{campaign.pk}/stats", headers=token_for(people.manager)
    ).json()
    assert total[2] == api["participants"] and total[-2] == api["clicks"]
    assert [total[3], total[5]] == [d["confirmed"] for d in api["totals"][:2]]
    log = AccessLog.objects.get(actor=people.manager, kind=AccessKind.EXPORT)
    assert log.object_id == str(campaign.pk)


def test_the_pdf_has_the_circular_the_table_and_a_chart(
    client: Client, people: People, campaign: Campaign
) -> None:
    login(client, people.manager)
    response = client.get(f"/kampanye/{campaign.pk}/laporan.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Laporan Pelaksanaan Kampanye" in text
    assert "B/700/127/11" in text and "Sekretaris Daerah" in text
    assert "4 April 2024" in text and "24 April 2024" in text and "26 April 2024" in text
    assert "Dinas Pendidikan Kabupaten Klaten" in text
    assert "Dinas Kesehatan Kabupaten Klaten" in text
    assert "1 (50,0%)" in text and "1 (33,3%)" in text  # day 1 per agency
    assert "2 (40,0%)" in text and "1 (20,0%)" in text  # totals of days 1 and 2
    assert "belum berlangsung" in text  # day 3
    assert "Peringkat instansi" in text and "Tren" in text
    assert "Belum konfirmasi, per instansi dan hari" in text
    assert "1. Dinas Pendidikan Kabupaten" in text  # a label of the ranking chart's bars


def test_the_ranking_chart_labels_each_bar_with_the_agencys_name(
    people: People, campaign: Campaign
) -> None:
    svg = ranking_chart_svg(ranking(campaign_stats(campaign)))
    assert svg.startswith("<svg") and svg.count("<rect") == 2  # one bar per agency
    # 1. Dinas Pendidikan: 50 % on both days; 2. Dinas Kesehatan: (33,3 + 0) / 2.
    assert ">1. Dinas Pendidikan Kabupaten Klaten</tspan>" in svg
    assert ">2. Dinas Kesehatan Kabupaten Klaten</tspan>" in svg
    assert 'width="260.0"' in svg  # 50 % of the 520-point scale
    assert "klaten-disdik" not in svg  # names, not codes


def test_the_trend_chart_draws_the_days_reached_and_marks_the_rest_not_yet(
    people: People, campaign: Campaign
) -> None:
    svg = trend_chart_svg(trend(campaign_stats(campaign)))
    assert svg.count("<rect") == 2
    assert svg.count("belum berlangsung") == 1
    assert ">40,0%</text>" in svg and ">20,0%</text>" in svg


def test_a_unit_head_gets_only_the_units_report(
    client: Client, people: People, campaign: Campaign
) -> None:
    login(client, people.head_a)
    rows = sheet_rows(client.get(f"/kampanye/{campaign.pk}/laporan.xlsx").content)
    codes = [r[0] for r in rows]
    assert "klaten-disdik" in codes and "klaten-dinkes" not in codes
    assert row_of(rows, None, "Jumlah")[2:4] == (2, 1)
    text = pdf_text(client.get(f"/kampanye/{campaign.pk}/laporan.pdf").content)
    assert "Dinas Pendidikan Kabupaten Klaten" in text
    assert "Dinas Kesehatan" not in text
    page = client.get(f"/kampanye/{campaign.pk}/dasbor/").content.decode()
    assert f"/kampanye/{campaign.pk}/laporan.xlsx" in page


def test_others_get_nothing(client: Client, people: People, campaign: Campaign) -> None:
    assert client.get(f"/kampanye/{campaign.pk}/laporan.pdf").status_code == 302  # to login
    for user in (people.p.officer_b, people.p.asn_a):
        login(client, user)
        assert client.get(f"/kampanye/{campaign.pk}/laporan.xlsx").status_code == 404
        assert client.get(f"/kampanye/{campaign.pk}/laporan.pdf").status_code == 404


def test_the_dashboard_links_to_both_files(
    client: Client, people: People, campaign: Campaign
) -> None:
    login(client, people.manager)
    page = client.get(f"/kampanye/{campaign.pk}/dasbor/").content.decode()
    assert f'href="/kampanye/{campaign.pk}/laporan.xlsx"' in page
    assert f'href="/kampanye/{campaign.pk}/laporan.pdf"' in page


def test_text_that_looks_like_a_formula_stays_text(
    client: Client, people: People, campaign: Campaign
) -> None:
    campaign.title = '=HYPERLINK("http://example.com","klik")'
    campaign.save()
    login(client, people.manager)
    content = client.get(f"/kampanye/{campaign.pk}/laporan.xlsx").content
    cell = load_workbook(io.BytesIO(content)).active["B2"]
    assert cell.value == campaign.title and cell.data_type == "s"

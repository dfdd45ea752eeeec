"""Reports tell the truth: a day not reached reads "belum berlangsung" (never 0 and a fall), an
agency without participants is not ranked, and the PDF and XLSX carry the ranking, the trend
and the count not confirmed per agency."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from openpyxl import load_workbook
from pypdf import PdfReader

from cegah.agencies.models import UnitKind
from cegah.campaigns.models import Campaign, Share, Status
from cegah.campaigns.tests.conftest import People
from cegah.campaigns.tests.factories import DAYS, make_campaign, make_participant, token_for
from cegah.campaigns.tests.test_campaigns import login
from cegah.test import make_agency

pytestmark = pytest.mark.django_db

JAKARTA = ZoneInfo("Asia/Jakarta")
NOT_YET = "belum berlangsung"


@pytest.fixture
def campaign(people: People) -> Campaign:
    """Three target units; Dinas Sosial has nobody on the list yet. Day 1: Sri and Dewi
    confirmed; day 2: only Dewi; day 3: nobody."""
    social = make_agency(
        "klaten-dinsos",
        "Dinas Sosial Kabupaten Klaten",
        parent=people.p.agency_a,
        unit_kind=UnitKind.SOCIAL,
        region=people.p.agency_a.region,
    )
    campaign = make_campaign(
        people.manager, people.p.agency_a, [people.p.unit_a, people.unit_b, social]
    )
    sri = make_participant(campaign, people.p.unit_a, "Sri Wahyuni", "198805122015032004")
    make_participant(campaign, people.p.unit_a, "Agus Setiawan")
    dewi = make_participant(campaign, people.unit_b, "Dewi Lestari")
    for participant, day in ((sri, DAYS[0]), (dewi, DAYS[0]), (dewi, DAYS[1])):
        Share.objects.create(participant=participant, day=day, channel="whatsapp_status")
    return campaign


def cells(html: str, caption: str) -> list[list[str]]:
    """The rows of the table with this caption, as text."""
    table = html[html.index(caption) :].split("</table>", 1)[0]
    return [
        [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]
        for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)
    ]


def dashboard(client: Client, people: People, campaign: Campaign, query: str = "") -> str:
    login(client, people.manager)
    response = client.get(f"/kampanye/{campaign.pk}/dasbor/{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_days_not_reached_read_not_yet_and_show_no_fall(
    client: Client, people: People, campaign: Campaign
) -> None:
    page = dashboard(client, people, campaign)  # 09:00 on day 1

    grid = cells(page, "Peserta yang sudah konfirmasi, per instansi dan hari")
    assert grid[1:] == [
        ["Dinas Kesehatan Kabupaten Klaten", "1", "1 (100,0%)", NOT_YET, NOT_YET, "0"],
        ["Dinas Pendidikan Kabupaten Klaten", "2", "1 (50,0%)", NOT_YET, NOT_YET, "0"],
        ["Dinas Sosial Kabupaten Klaten", "0", "—", NOT_YET, NOT_YET, "0"],
        ["Jumlah", "3", "2 (66,7%)", NOT_YET, NOT_YET, "0"],
    ]
    trend = cells(page, "Tren:")
    assert trend[1:] == [
        ["24 Apr 2024", "2 (66,7%)", "—"],
        ["25 Apr 2024", NOT_YET, "—"],
        ["26 Apr 2024", NOT_YET, "—"],
    ]
    assert "0 (0,0%)" not in page and "-66,7" not in page


def test_a_day_not_reached_lists_nobody_as_not_confirmed(
    client: Client, people: People, campaign: Campaign
) -> None:
    page = dashboard(client, people, campaign, "?hari=2024-04-26")
    assert "Agus Setiawan" not in page and "Belum konfirmasi pada" not in page
    options = re.findall(r'<option value="([\d-]+)"', page)
    assert options == ["2024-04-24"]  # only the days that have come


def test_an_agency_without_participants_is_not_ranked(
    client: Client, people: People, campaign: Campaign
) -> None:
    page = dashboard(client, people, campaign)

    ranking = cells(page, "Peringkat instansi menurut")
    assert [row[:3] for row in ranking[1:]] == [
        ["1", "Dinas Kesehatan Kabupaten Klaten", "100,0%"],
        ["2", "Dinas Pendidikan Kabupaten Klaten", "50,0%"],
    ]
    assert "Tidak diperingkat karena belum memiliki peserta: Dinas Sosial Kabupaten Klaten." in page


def test_before_the_first_day_nothing_is_counted_or_ranked(
    client: Client, people: People, campaign: Campaign
) -> None:
    with time_machine.travel(dt.datetime(2024, 4, 23, 9, 0, tzinfo=JAKARTA), tick=False):
        later = make_campaign(
            people.manager,
            people.p.agency_a,
            [people.p.unit_a],
            status=Status.PUBLISHED,
            title="Kampanye Mei",
        )
        make_participant(later, people.p.unit_a, "Sri Lestari")
        page = dashboard(client, people, later)
    assert "Kampanye belum dimulai" in page
    assert "Peringkat instansi dimulai pada hari pertama kampanye" in page
    assert 'id="ranking-caption"' not in page and 'name="hari"' not in page
    grid = cells(page, "Peserta yang sudah konfirmasi, per instansi dan hari")
    assert grid[1][2:5] == [NOT_YET, NOT_YET, NOT_YET]


def test_after_the_campaign_every_day_counts_and_a_real_fall_shows(
    client: Client, people: People, campaign: Campaign, _frozen_time: Any
) -> None:
    _frozen_time.move_to(dt.datetime(2024, 4, 27, 9, 0, tzinfo=JAKARTA))
    page = dashboard(client, people, campaign)
    trend = cells(page, "Tren:")
    assert trend[1:] == [
        ["24 Apr 2024", "2 (66,7%)", "—"],
        ["25 Apr 2024", "1 (33,3%)", "-33,4"],
        ["26 Apr 2024", "0 (0,0%)", "-33,3"],
    ]


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_pdf_carries_the_ranking_the_trend_and_the_not_confirmed_per_agency(
    client: Client, people: People, campaign: Campaign, _frozen_time: Any
) -> None:
    _frozen_time.move_to(dt.datetime(2024, 4, 25, 20, 0, tzinfo=JAKARTA))  # day 2 evening
    login(client, people.manager)

    text = pdf_text(client.get(f"/kampanye/{campaign.pk}/laporan.pdf").content)
    flat = " ".join(text.split())

    ranking = flat[flat.index("Peringkat instansi") : flat.index("Rata-rata atas 2 hari")]
    # Dinas Kesehatan: 100 % and 100 %; Dinas Pendidikan: 50 % and 0 %; 1 and 2 not confirmed.
    assert "1 Dinas Kesehatan Kabupaten Klaten 1 100,0% 0" in ranking
    assert "2 Dinas Pendidikan Kabupaten Klaten 2 25,0% 2" in ranking
    assert "Belum konfirmasi pada 25 Apr" in ranking
    assert "Dinas Sosial" not in ranking
    assert "Tidak diperingkat karena belum memiliki peserta: Dinas Sosial Kabupaten Klaten" in flat
    trend = flat[flat.index("Tren") :]
    assert "25 April 2024 1 (33,3%) -33,4" in trend and "26 April 2024 belum berlangsung" in trend
    missing = flat[flat.index("Belum konfirmasi, per instansi dan hari") :]
    assert "Dinas Pendidikan Kabupaten Klaten 2 1 2 belum berlangsung" in missing
    assert "Jumlah 3 1 2 belum berlangsung" in missing
    # The ranking chart is labelled with the agencies' names.
    assert "1. Dinas Kesehatan Kabupaten" in flat and "2. Dinas Pendidikan Kabupaten" in flat


def test_the_xlsx_carries_the_ranking_and_the_trend(
    client: Client, people: People, campaign: Campaign
) -> None:
    login(client, people.manager)
    book = load_workbook(io.BytesIO(client.get(f"/kampanye/{campaign.pk}/laporan.xlsx").content))
    assert book.sheetnames == ["Laporan", "Peringkat", "Tren"]
    ranking = list(book["Peringkat"].iter_rows(values_only=True))
    assert ranking[1][:5] == (1, "klaten-dinkes", "Dinas Kesehatan Kabupaten Klaten", 1, 100.0)
    assert ranking[2][:5] == (2, "klaten-disdik", "Dinas Pendidikan Kabupaten Klaten", 2, 50.0)
    assert ranking[3][2:5] == (
        "Dinas Sosial Kabupaten Klaten",
        0,
        "tidak diperingkat: belum ada peserta",
    )
    trend = list(book["Tren"].iter_rows(values_only=True))
    assert [row[1] for row in trend[1:]] == [2, NOT_YET, NOT_YET]


def test_the_stats_api_gives_no_numbers_for_days_not_reached(
    client: Client, people: People, campaign: Campaign, _frozen_time: Any
) -> None:
    _frozen_time.move_to(dt.datetime(2024, 4, 25, 20, 0, tzinfo=JAKARTA))  # day 2 evening
    response = client.get(
        f"/api/v1/campaigns/{campaign.pk}/stats", headers=token_for(people.manager)
    )
    assert response.status_code == 200
    data = response.json()

    def days(rows: list[dict[str, Any]]) -> list[tuple[bool, int | None, float | None]]:
        return [(d["reached"], d["confirmed"], d["percent"]) for d in rows]

    assert days(data["totals"]) == [(True, 2, 66.7), (True, 1, 33.3), (False, None, None)]
    agencies = {a["code"]: a for a in data["agencies"]}
    assert days(agencies["klaten-disdik"]["days"]) == [
        (True, 1, 50.0),
        (True, 0, 0.0),  # a real day with nobody: 0, as the dashboard says
        (False, None, None),
    ]
    # No share of nobody (the dashboard's "—"), and still nothing for the day to come.
    assert days(agencies["klaten-dinsos"]["days"]) == [
        (True, 0, None),
        (True, 0, None),
        (False, None, None),
    ]


def test_before_the_first_day_the_stats_api_has_no_numbers_at_all(
    client: Client, people: People, campaign: Campaign, _frozen_time: Any
) -> None:
    _frozen_time.move_to(dt.datetime(2024, 4, 23, 23, 0, tzinfo=JAKARTA))
    data = client.get(
        f"/api/v1/campaigns/{campaign.pk}/stats", headers=token_for(people.manager)
    ).json()
    every_day = data["totals"] + [d for a in data["agencies"] for d in a["days"]]
    assert len(every_day) == 12
    assert all(
        (d["reached"], d["confirmed"], d["percent"]) == (False, None, None) for d in every_day
    )

"""The participation list per person as CSV: everyone in the viewer's scope, logged."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from cegah.audit.models import AccessKind, AccessLog
from cegah.campaigns.models import Campaign, Click, Share
from cegah.campaigns.tests.conftest import People
from cegah.campaigns.tests.factories import DAYS, make_campaign, make_participant
from cegah.campaigns.tests.test_campaigns import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(people: People) -> Campaign:
    campaign = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a, people.unit_b])
    sri = make_participant(campaign, people.p.unit_a, "Sri Wahyuni", "198805122015032004")
    make_participant(campaign, people.p.unit_a, "Agus Disdik")
    dewi = make_participant(campaign, people.unit_b, "Dewi Dinkes")
    Share.objects.create(participant=sri, day=DAYS[0], channel="whatsapp_status")
    Share.objects.create(participant=sri, day=DAYS[0], channel="instagram")
    Share.objects.create(participant=sri, day=DAYS[1], channel="whatsapp_status")
    Share.objects.create(participant=dewi, day=DAYS[0], channel="whatsapp_status")
    Click.objects.create(participant=sri, day=DAYS[0], visitor="a" * 64, hits=3)
    Click.objects.create(participant=sri, day=DAYS[1], visitor="c" * 64, hits=2)
    return campaign


def rows_of(response: object) -> list[dict[str, str]]:
    body = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    assert body.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(body[1:])))


def test_the_organiser_downloads_everyone_with_what_they_confirmed_each_day(
    client: Client, people: People, campaign: Campaign
) -> None:
    login(client, people.manager)

    response = client.get(f"/kampanye/{campaign.pk}/partisipasi.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "partisipasi" in response["Content-Disposition"]
    rows = rows_of(response)
    assert [r["Nama"] for r in rows] == ["Dewi Dinkes", "Agus Disdik", "Sri Wahyuni"]
    sri = rows[2]
    assert sri["NIP"] == "198805122015032004"
    assert sri["Kode unit"] == "klaten-disdik"
    assert sri["Kelompok"] == "asn"
    assert sri["2024-04-24"] == "instagram whatsapp_status"
    assert sri["2024-04-25"] == "whatsapp_status"
    assert sri["2024-04-26"] == ""
    assert (sri["Hari terkonfirmasi"], sri["Klik"]) == ("2", "5")
    agus = rows[1]
    assert (agus["2024-04-24"], agus["Hari terkonfirmasi"], agus["Klik"]) == ("", "0", "0")
    log = AccessLog.objects.get(actor=people.manager, kind=AccessKind.EXPORT)
    assert log.object_id == str(campaign.pk)
    assert log.reason == "participation per person"


def test_a_unit_head_downloads_only_the_unit(
    client: Client, people: People, campaign: Campaign
) -> None:
    login(client, people.head_a)

    response = client.get(f"/kampanye/{campaign.pk}/partisipasi.csv")

    assert response.status_code == 200
    assert [r["Nama"] for r in rows_of(response)] == ["Agus Disdik", "Sri Wahyuni"]
    assert "klaten-disdik" in response["Content-Disposition"]
    assert AccessLog.objects.get(actor=people.head_a).reason.endswith("(klaten-disdik)")


def test_another_agencys_admin_a_civil_servant_and_the_public_get_nothing(
    client: Client, people: People, campaign: Campaign
) -> None:
    url = f"/kampanye/{campaign.pk}/partisipasi.csv"
    assert client.get(url).status_code == 302  # to the login page
    for person in (people.p.officer_b, people.p.asn_a):
        login(client, person)
        assert client.get(url).status_code == 404
    assert not AccessLog.objects.filter(kind=AccessKind.EXPORT).exists()


def test_the_query_count_does_not_grow_with_the_participants(
    client: Client, people: People, campaign: Campaign
) -> None:
    login(client, people.manager)
    url = f"/kampanye/{campaign.pk}/partisipasi.csv"
    with CaptureQueriesContext(connection) as few:
        rows_of(client.get(url))
    for i in range(30):
        make_participant(campaign, people.unit_b, f"Peserta {i}")
    with CaptureQueriesContext(connection) as many:
        assert len(rows_of(client.get(url))) == 33
    assert len(many) == len(few)


def test_the_dashboard_links_to_the_participation_list(
    client: Client, people: People, campaign: Campaign
) -> None:
    login(client, people.head_a)

    page = client.get(f"/kampanye/{campaign.pk}/dasbor/").content.decode()

    assert f'href="/kampanye/{campaign.pk}/partisipasi.csv"' in page


def csv_header(response: object) -> list[str]:
    body = response.getvalue().decode()  # type: ignore[attr-defined]
    return next(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))


def xlsx_header(response: object) -> list[str]:
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active  # type: ignore[attr-defined]
    rows = [[str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    return next(row for row in rows if row and row[0] in ("Kode instansi", "Agency code"))


@pytest.mark.parametrize(
    ("path", "header_of"),
    [
        ("partisipasi.csv", csv_header),
        ("peserta/tautan.csv", csv_header),
        ("laporan.xlsx", xlsx_header),
    ],
)
def test_export_headings_are_in_the_language_of_the_address(
    client: Client, people: People, campaign: Campaign, path: str, header_of: Any
) -> None:
    login(client, people.manager)
    indonesian = header_of(client.get(f"/kampanye/{campaign.pk}/{path}"))
    english = header_of(client.get(f"/en/kampanye/{campaign.pk}/{path}"))
    assert len(indonesian) == len(english) > 3
    assert indonesian != english
    assert {"Name", "Agency"} & set(english)
    assert not {"Name", "Agency", "Clicks"} & set(indonesian)

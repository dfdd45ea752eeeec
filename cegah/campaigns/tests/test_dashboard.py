"""The dashboard and `GET /api/v1/campaigns/{id}/stats`: the same numbers, scoped by who asks."""

from __future__ import annotations

import pytest
from django.test import Client

from cegah.audit.models import AccessLog
from cegah.campaigns.models import Campaign, Click, Share
from cegah.campaigns.tests.conftest import People
from cegah.campaigns.tests.factories import DAYS, make_campaign, make_participant, token_for
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
    Share.objects.create(participant=dewi, day=DAYS[0], channel="whatsapp_status")
    Click.objects.create(participant=sri, day=DAYS[0], visitor="a" * 64, hits=3)
    Click.objects.create(participant=dewi, day=DAYS[0], visitor="b" * 64, hits=1)
    return campaign


def test_stats_give_participants_confirmations_per_day_and_clicks(
    client: Client, people: People, campaign: Campaign
) -> None:
    response = client.get(
        f"/api/v1/campaigns/{campaign.pk}/stats", headers=token_for(people.manager)
    )
    assert response.status_code == 200
    data = response.json()
    assert data["participants"] == 3
    assert data["clicks"] == 4
    assert data["totals"][0] == {
        "day": "2024-04-24",
        "reached": True,
        "confirmed": 2,
        "percent": 66.7,
    }
    disdik = next(a for a in data["agencies"] if a["code"] == "klaten-disdik")
    assert disdik["participants"] == 2
    # Two channels, one person; the days to come are not 0 but not reached.
    assert [(d["reached"], d["confirmed"]) for d in disdik["days"]] == [
        (True, 1),
        (False, None),
        (False, None),
    ]
    assert disdik["clicks"] == 3 and disdik["unique_visitors"] == 1


def test_a_unit_head_sees_only_the_unit(client: Client, people: People, campaign: Campaign) -> None:
    data = client.get(
        f"/api/v1/campaigns/{campaign.pk}/stats", headers=token_for(people.head_a)
    ).json()
    assert [a["code"] for a in data["agencies"]] == ["klaten-disdik"]
    assert data["participants"] == 2
    login(client, people.head_a)
    page = client.get(f"/kampanye/{campaign.pk}/dasbor/?hari=2024-04-24").content.decode()
    assert "Agus Disdik" in page  # has not confirmed
    assert "Dewi Dinkes" not in page and "Dinas Kesehatan" not in page
    assert "Sri Wahyuni" not in page  # confirmed
    assert AccessLog.objects.filter(actor=people.head_a, object_id=str(campaign.pk)).exists()


def test_another_agencys_admin_sees_nothing(
    client: Client, people: People, campaign: Campaign
) -> None:
    response = client.get(
        f"/api/v1/campaigns/{campaign.pk}/stats", headers=token_for(people.p.officer_b)
    )
    assert response.status_code == 404
    login(client, people.p.officer_b)
    assert client.get(f"/kampanye/{campaign.pk}/dasbor/").status_code == 404
    login(client, people.p.asn_a)
    assert client.get(f"/kampanye/{campaign.pk}/dasbor/").status_code == 404


def test_the_organisers_dashboard_lists_who_has_not_confirmed(
    client: Client, people: People, campaign: Campaign
) -> None:
    login(client, people.manager)
    page = client.get(f"/kampanye/{campaign.pk}/dasbor/").content.decode()
    assert "Agus Disdik" in page and "Dinas Kesehatan" in page
    assert "Dewi Dinkes" not in page


def test_the_dashboard_ranks_agencies_and_shows_the_trend(
    client: Client, people: People, campaign: Campaign
) -> None:
    login(client, people.manager)
    page = client.get(f"/kampanye/{campaign.pk}/dasbor/").content.decode()
    ranking = page[page.index("Peringkat instansi") :]
    # On day 1: Dinas Kesehatan 1 of 1 confirmed, Dinas Pendidikan 1 of 2.
    assert ranking.index("Dinas Kesehatan") < ranking.index("Dinas Pendidikan")
    assert '<td>1</td><th scope="row">Dinas Kesehatan' in ranking
    assert "100,0%" in ranking and "50,0%" in ranking  # Indonesian decimal comma
    trend = page[page.index("Tren") : page.index("Peringkat instansi")]
    # Today is the first day: days 2 and 3 have not come, so they neither count 0 nor "fall".
    assert "2 (66,7%)" in trend and "<td>—</td>" in trend and "-66,7" not in trend
    assert trend.count("<td>belum berlangsung</td>") == 2

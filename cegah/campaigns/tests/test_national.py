"""A national campaign's numbers include the governments that joined it with their own copy."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client

from cegah.campaigns.models import Campaign, Click, Share, Status
from cegah.campaigns.tests.conftest import NOW, People
from cegah.campaigns.tests.factories import DAYS, make_campaign, make_participant, token_for
from cegah.campaigns.tests.test_campaigns import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def national(client: Client, people: People) -> Campaign:
    """KPK's national campaign, joined by Pemprov Bali (its admin clicks "join") whose copy has
    two people, one of whom shared on the first day, twice, and got two clicks."""
    national = make_campaign(
        people.kpk_manager, people.p.kpk, [people.p.kpk], status=Status.PUBLISHED, title="Hakordia"
    )
    kpk_staff = make_participant(national, people.p.kpk, "Pegawai KPK")
    Share.objects.create(participant=kpk_staff, day=DAYS[1], channel="instagram")
    login(client, people.p.officer_b)
    assert client.post(f"/kampanye/{national.pk}/ikut/").status_code == 302
    copy = Campaign.objects.get(parent=national)
    made = make_participant(copy, people.p.agency_b, "Made Wirawan")
    make_participant(copy, people.p.agency_b, "Ketut Sari")
    Share.objects.create(participant=made, day=DAYS[0], channel="whatsapp_status")
    Share.objects.create(participant=made, day=DAYS[0], channel="instagram")
    Click.objects.create(participant=made, day=DAYS[0], visitor="a" * 64, hits=2)
    client.logout()
    return national


def test_kpk_sees_each_joined_government_summed_over_its_copy(
    client: Client, people: People, national: Campaign, _frozen_time: time_machine.Coordinates
) -> None:
    _frozen_time.move_to(NOW + dt.timedelta(days=2))  # the last day: every day reached
    data = client.get(
        f"/api/v1/campaigns/{national.pk}/stats", headers=token_for(people.kpk_manager)
    ).json()

    rows = {a["code"]: a for a in data["agencies"]}
    bali = rows[people.p.agency_b.code]
    assert bali["participants"] == 2
    assert [d["confirmed"] for d in bali["days"]] == [1, 0, 0]
    assert bali["days"][0]["percent"] == 50.0
    assert bali["clicks"] == 2 and bali["unique_visitors"] == 1
    assert rows[people.p.kpk.code]["participants"] == 1
    assert data["participants"] == 3
    assert [t["confirmed"] for t in data["totals"]] == [1, 1, 0]
    assert all(t["reached"] for t in data["totals"])


def test_kpk_dashboard_shows_the_governments_numbers_but_not_their_people(
    client: Client, people: People, national: Campaign
) -> None:
    login(client, people.kpk_manager)

    page = client.get(f"/kampanye/{national.pk}/dasbor/?hari=2024-04-24").content.decode()

    assert people.p.agency_b.name in page
    assert "Pegawai KPK" in page  # KPK's own participant who has not confirmed that day
    assert "Ketut Sari" not in page and "Made Wirawan" not in page


def test_the_joined_governments_admin_sees_only_its_own_row(
    client: Client, people: People, national: Campaign
) -> None:
    data = client.get(
        f"/api/v1/campaigns/{national.pk}/stats", headers=token_for(people.p.officer_b)
    ).json()

    assert [a["code"] for a in data["agencies"]] == [people.p.agency_b.code]
    assert data["participants"] == 2


def test_a_regional_campaign_is_unchanged_by_other_campaigns_copies(
    client: Client, people: People, national: Campaign
) -> None:
    own = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a])
    make_participant(own, people.p.unit_a, "Sri Wahyuni")

    data = client.get(f"/api/v1/campaigns/{own.pk}/stats", headers=token_for(people.manager)).json()

    assert data["participants"] == 1
    assert [a["code"] for a in data["agencies"]] == [people.p.unit_a.code]

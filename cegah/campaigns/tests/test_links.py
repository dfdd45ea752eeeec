"""Short links: redirect, clicks per participant and day, no IP stored."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test import Client

from cegah.campaigns.models import Click, DailySalt
from cegah.campaigns.tests.conftest import People
from cegah.campaigns.tests.factories import make_campaign, make_participant

pytestmark = pytest.mark.django_db

IP = "203.0.113.77"


def test_a_short_link_counts_clicks_and_leads_to_the_landing_page(
    client: Client, people: People
) -> None:
    campaign = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a])
    sri = make_participant(campaign, people.p.unit_a, "Sri")
    response = client.get(f"/s/{sri.code}", REMOTE_ADDR=IP, HTTP_USER_AGENT="Phone A")
    assert response.status_code == 302
    assert response["Location"] == f"/kampanye/{campaign.pk}/"
    assert "Kampanye Antikorupsi Klaten" in client.get(response["Location"]).content.decode()
    client.get(f"/s/{sri.code}", REMOTE_ADDR=IP, HTTP_USER_AGENT="Phone A")
    client.get(f"/s/{sri.code}", REMOTE_ADDR="198.51.100.2", HTTP_USER_AGENT="Phone B")
    clicks = list(Click.objects.filter(participant=sri).order_by("-hits"))
    assert [(c.day, c.hits) for c in clicks] == [
        (dt.date(2024, 4, 24), 2),
        (dt.date(2024, 4, 24), 1),
    ]


def test_no_ip_address_is_stored_anywhere(client: Client, people: People) -> None:
    campaign = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a])
    sri = make_participant(campaign, people.p.unit_a, "Sri")
    client.get(f"/s/{sri.code}", REMOTE_ADDR=IP, HTTP_USER_AGENT="Phone A")
    with connection.cursor() as cursor:
        for table in ["campaigns_click", "campaigns_dailysalt", "campaigns_participant"]:
            cursor.execute(f"SELECT * FROM {table}")
            assert IP not in repr(cursor.fetchall())


def test_the_salt_of_a_past_day_is_deleted(client: Client, people: People) -> None:
    campaign = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a])
    sri = make_participant(campaign, people.p.unit_a, "Sri")
    client.get(f"/s/{sri.code}", REMOTE_ADDR=IP, HTTP_USER_AGENT="Phone A")
    first = DailySalt.objects.get()
    with time_machine.travel(dt.datetime(2024, 4, 25, 9, tzinfo=dt.UTC), tick=False):
        client.get(f"/s/{sri.code}", REMOTE_ADDR=IP, HTTP_USER_AGENT="Phone A")
    salts = list(DailySalt.objects.all())
    assert [s.day for s in salts] == [dt.date(2024, 4, 25)]
    assert salts[0].value != first.value
    visitors = list(Click.objects.order_by("day").values_list("visitor", flat=True))
    assert len(visitors) == 2 and visitors[0] != visitors[1]


def test_an_unknown_code_is_404(client: Client, people: People) -> None:
    assert client.get("/s/zzzzzzzz").status_code == 404
    assert not Click.objects.exists()


def test_an_outside_landing_page_is_followed(client: Client, people: People) -> None:
    campaign = make_campaign(
        people.manager,
        people.p.agency_a,
        [people.p.unit_a],
        landing_url="https://klatenkab.go.id/antikorupsi",
    )
    sri = make_participant(campaign, people.p.unit_a, "Sri")
    assert client.get(f"/s/{sri.code}")["Location"] == "https://klatenkab.go.id/antikorupsi"


def test_a_click_counts_on_the_organisers_date(client: Client, people: People) -> None:
    from cegah.accounts.models import Role
    from cegah.test import make_agency, make_user

    jayapura = make_agency("pemkot-jayapura", "Pemerintah Kota Jayapura", timezone="Asia/Jayapura")
    unit = make_agency("jayapura-diskominfo", "Diskominfo Jayapura", parent=jayapura)
    manager = make_user("kampanye@jayapura.example.org", (jayapura, Role.CAMPAIGN_MANAGER))
    campaign = make_campaign(manager, jayapura, [unit])
    yohana = make_participant(campaign, unit, "Yohana")
    # 23:30 in Jakarta on the 24th is already 01:30 on the 25th in Jayapura (WIT).
    with time_machine.travel(dt.datetime(2024, 4, 24, 16, 30, tzinfo=dt.UTC), tick=False):
        client.get(f"/s/{yohana.code}", REMOTE_ADDR=IP, HTTP_USER_AGENT="Phone A")
    assert list(Click.objects.values_list("day", flat=True)) == [dt.date(2024, 4, 25)]

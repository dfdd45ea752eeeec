"""The public home page lists the campaigns running today."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine
from django.core.cache import cache
from django.test import Client

from cegah.campaigns.models import Status
from cegah.campaigns.tests.conftest import People
from cegah.campaigns.tests.factories import make_campaign

JAKARTA = ZoneInfo("Asia/Jakarta")


def test_the_home_page_lists_running_campaigns_only(client: Client, people: People) -> None:
    klaten, unit = people.p.agency_a, people.p.unit_a
    running = make_campaign(people.manager, klaten, [unit])
    make_campaign(people.manager, klaten, [unit], status=Status.DRAFT, title="Draf rahasia")
    make_campaign(
        people.manager, klaten, [unit], status=Status.FINISHED, title="Kampanye yang selesai"
    )
    html = client.get("/").content.decode()
    assert "Kampanye yang sedang berjalan" in html
    assert f'href="/kampanye/{running.pk}/"' in html
    assert "Kampanye Antikorupsi Klaten" in html and "Pemerintah Kabupaten Klaten" in html
    assert "Draf rahasia" not in html and "Kampanye yang selesai" not in html
    # The day after its last day it is no longer listed.
    with time_machine.travel(dt.datetime(2024, 4, 27, 9, tzinfo=JAKARTA), tick=False):
        cache.clear()
        assert "Kampanye Antikorupsi Klaten" not in client.get("/").content.decode()

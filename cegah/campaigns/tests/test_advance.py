"""Campaigns start on their first day and finish after their last, by the clock."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine

from cegah.accounts.models import Role
from cegah.campaigns.models import EventKind, Status
from cegah.campaigns.tasks import advance_campaigns
from cegah.campaigns.tests.conftest import People
from cegah.campaigns.tests.factories import make_campaign
from cegah.test import make_agency, make_user

JAKARTA = ZoneInfo("Asia/Jakarta")


def test_published_campaigns_start_and_finish_on_their_dates_once(people: People) -> None:
    klaten, unit = people.p.agency_a, people.p.unit_a
    with time_machine.travel(dt.datetime(2024, 4, 20, 9, tzinfo=JAKARTA), tick=False):
        campaign = make_campaign(people.manager, klaten, [unit], status=Status.PUBLISHED)
        draft = make_campaign(people.manager, klaten, [unit], status=Status.DRAFT, title="Draf")
        assert advance_campaigns.enqueue().return_value == {"started": 0, "finished": 0}
    with time_machine.travel(dt.datetime(2024, 4, 24, 0, 10, tzinfo=JAKARTA), tick=False):
        assert advance_campaigns.enqueue().return_value == {"started": 1, "finished": 0}
        assert advance_campaigns.enqueue().return_value == {"started": 0, "finished": 0}
    campaign.refresh_from_db()
    assert campaign.status == Status.RUNNING
    with time_machine.travel(dt.datetime(2024, 4, 27, 0, 10, tzinfo=JAKARTA), tick=False):
        assert advance_campaigns.enqueue().return_value == {"started": 0, "finished": 1}
    campaign.refresh_from_db()
    draft.refresh_from_db()
    assert (campaign.status, draft.status) == (Status.FINISHED, Status.DRAFT)
    kinds = list(campaign.events.values_list("kind", "actor").order_by("pk"))[-2:]
    assert kinds == [(EventKind.STARTED, None), (EventKind.FINISHED, None)]


def test_a_campaign_in_eastern_indonesia_starts_and_finishes_on_its_own_date(
    people: People,
) -> None:
    jayapura = make_agency("pemkot-jayapura", "Pemerintah Kota Jayapura", timezone="Asia/Jayapura")
    unit = make_agency("jayapura-diskominfo", "Diskominfo Jayapura", parent=jayapura)
    manager = make_user("kampanye@jayapura.example.org", (jayapura, Role.CAMPAIGN_MANAGER))
    with time_machine.travel(dt.datetime(2024, 4, 20, 9, tzinfo=JAKARTA), tick=False):
        campaign = make_campaign(manager, jayapura, [unit], status=Status.PUBLISHED)
    # 22:10 in Jakarta on the 23rd is already 00:10 on the 24th in Jayapura (WIT, UTC+9).
    with time_machine.travel(dt.datetime(2024, 4, 23, 22, 10, tzinfo=JAKARTA), tick=False):
        assert advance_campaigns.enqueue().return_value == {"started": 1, "finished": 0}
    with time_machine.travel(dt.datetime(2024, 4, 26, 21, 50, tzinfo=JAKARTA), tick=False):
        assert advance_campaigns.enqueue().return_value == {"started": 0, "finished": 0}
    with time_machine.travel(dt.datetime(2024, 4, 26, 22, 10, tzinfo=JAKARTA), tick=False):
        assert advance_campaigns.enqueue().return_value == {"started": 0, "finished": 1}
    campaign.refresh_from_db()
    assert campaign.status == Status.FINISHED

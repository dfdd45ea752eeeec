"""Campaigns start on their first day and finish after their last, by the clock."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine

from cegah.campaigns.models import EventKind, Status
from cegah.campaigns.tasks import advance_campaigns
from cegah.campaigns.tests.conftest import People
from cegah.campaigns.tests.factories import make_campaign

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

"""The Klaten demo campaign: created once, with partial confirmations."""

from __future__ import annotations

import pytest

from cegah.agencies.demo import seed_demo
from cegah.campaigns.demo import seed_campaigns_demo
from cegah.campaigns.models import Campaign, Share, Status
from cegah.library.demo import seed_library_demo

pytestmark = pytest.mark.django_db


def test_the_demo_campaign_is_created_once_with_partial_confirmations() -> None:
    seed_demo()
    seed_library_demo()
    assert "would be created" in seed_campaigns_demo(dry_run=True)
    assert not Campaign.objects.exists()
    seed_campaigns_demo()
    seed_campaigns_demo()
    campaign = Campaign.objects.get()
    assert campaign.status == Status.FINISHED
    assert campaign.circular_number == "B/700/127/11"
    assert campaign.participants.count() == 300
    assert campaign.schedule.count() == 3
    confirmed_day_1 = Share.objects.filter(day="2024-04-24").count()
    assert 150 < confirmed_day_1 < 300
    assert campaign.participants.values("agency").distinct().count() > 10
    groups = set(campaign.participants.values_list("group", flat=True))
    assert groups == {"asn", "pkk", "dharma_wanita"}
    assert not campaign.participants.exclude(group="asn").exclude(nip="").exists()

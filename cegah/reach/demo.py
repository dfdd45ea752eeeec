"""Demo reach data: KPK's "Literasi Gratifikasi" accounts (Instagram, TikTok) from their
launch on 17 August 2023, with a target of 3,000,000 impressions in five months split over
the two accounts, and JAGA's Instagram account with its followers. Handles are made up."""

from __future__ import annotations

import datetime as dt
import random

from django.conf import settings
from django.db import transaction

from cegah.agencies.models import Agency
from cegah.reach.models import Account, DailyMetric, Metric, Platform, Target

LAUNCH = dt.date(2023, 8, 17)
END = dt.date(2024, 1, 16)
ACCOUNTS = (
    # platform, handle, impressions target, first day's impressions, daily growth
    (Platform.INSTAGRAM, "literasigratifikasi.demo", 1_800_000, 4_000, 1.012),
    (Platform.TIKTOK, "literasigratifikasi.demo", 1_200_000, 2_500, 1.013),
)


def seed_reach_demo(*, dry_run: bool = False) -> str:
    if settings.PRODUCTION:
        raise RuntimeError("Demo data is refused in production.")
    kpk = Agency.objects.filter(code="kpk").first()
    if kpk is None:
        return "Reach: no KPK agency in the demo data, skipped."
    if Account.objects.filter(agency=kpk, handle="literasigratifikasi.demo").exists():
        return "Reach: the Literasi Gratifikasi demo accounts already exist."
    if dry_run:
        return "Reach: would create the Literasi Gratifikasi demo accounts and their figures."
    rng = random.Random(17_08_2023)
    days = (END - LAUNCH).days + 1
    with transaction.atomic():
        for platform, handle, target, start, growth in ACCOUNTS:
            account = Account.objects.create(agency=kpk, platform=platform, handle=handle)
            Target.objects.create(
                account=account,
                metric=Metric.IMPRESSIONS,
                value=target,
                starts_on=LAUNCH,
                ends_on=END,
            )
            followers = 0
            rows = []
            for i in range(days):
                impressions = int(start * growth**i * rng.uniform(0.7, 1.3))
                followers += int(impressions * rng.uniform(0.002, 0.006))
                rows.append(
                    DailyMetric(
                        account=account,
                        day=LAUNCH + dt.timedelta(days=i),
                        impressions=impressions,
                        reach=int(impressions * rng.uniform(0.55, 0.75)),
                        views=int(impressions * rng.uniform(0.3, 0.6)),
                        followers=followers,
                        engagements=int(impressions * rng.uniform(0.01, 0.04)),
                    )
                )
            DailyMetric.objects.bulk_create(rows)
        jaga = Account.objects.create(
            agency=kpk, platform=Platform.INSTAGRAM, handle="jaga.id.demo"
        )
        DailyMetric.objects.create(account=jaga, day=dt.date(2023, 12, 31), followers=5_734)
    return "Reach: Literasi Gratifikasi (Instagram, TikTok) and JAGA demo accounts created."

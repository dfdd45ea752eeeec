"""Periodic campaign jobs, scheduled by django-crontask and run by the worker."""

from __future__ import annotations

import datetime as dt

from crontask import cron
from django.tasks import task

from cegah.campaigns import reminders


@cron("*/5 * * * *")
@task()
def plan_campaign_reminders() -> int:
    """Every five minutes: queue today's reminders of campaigns whose reminder time has
    passed (each participant at most once a day, however often this runs)."""
    return reminders.plan_reminders()


@task()
def send_campaign_reminders(
    campaign_id: int, day: str, participant_ids: list[int]
) -> dict[str, int]:
    """One chunk of planned reminders, sent at each channel's rate."""
    return reminders.send_chunk(campaign_id, dt.date.fromisoformat(day), participant_ids)


@cron("*/15 * * * *")
@task()
def advance_campaigns() -> dict[str, int]:
    """Every quarter hour: published campaigns start on their first day and finish after
    their last, each in its organiser's time zone."""
    from cegah.campaigns import actions

    return actions.advance_campaigns()

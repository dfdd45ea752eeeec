"""Periodic forum jobs, scheduled by django-crontask and run by the worker."""

from __future__ import annotations

from crontask import cron
from django.tasks import task

from cegah.forum.actions import send_overdue_digests


@cron("0 7 * * Mon")
@task()
def weekly_overdue_digest() -> int:
    """Mondays at 07:00: each agency gets the list of its public questions still unanswered
    after their deadline."""
    return send_overdue_digests()

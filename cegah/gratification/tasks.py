"""Periodic gratification jobs, scheduled by django-crontask and run by the worker."""

from __future__ import annotations

from crontask import cron
from django.tasks import task

from cegah.gratification.actions import send_draft_reminders, stop_overdue_determinations


@cron("0 8 * * *")
@task()
def remind_drafts() -> int:
    """Every morning: remind reporters whose drafts are due within three working days (each
    report at most once a day, however often this runs)."""
    return send_draft_reminders()


@cron("30 0 * * *")
@task()
def stop_determinations() -> int:
    """Every night: stop the determination of returned reports whose reporters did not
    complete them within the rules version's working days (idempotent)."""
    return stop_overdue_determinations()

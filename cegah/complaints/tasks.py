"""Periodic complaint jobs, scheduled by django-crontask and run by the worker."""

from __future__ import annotations

from crontask import cron
from django.tasks import task

from cegah.complaints.actions import (
    close_unanswered_complaints,
    delete_expired_uploads,
    escalate_overdue_complaints,
)


@cron("15 * * * *")
@task()
def escalate_overdue() -> int:
    """Every hour: escalate missed deadlines (each breach once, however often this runs)."""
    return escalate_overdue_complaints()


@cron("5 * * * *")
@task()
def close_unanswered() -> int:
    """Every hour: close complaints whose reporter did not answer in time."""
    return close_unanswered_complaints()


@cron("35 * * * *")
@task()
def remove_unsent_uploads() -> int:
    """Every hour: remove evidence kept with intake forms that were never sent within a day."""
    return delete_expired_uploads()

"""Periodic jobs of the knowledge base, scheduled by django-crontask and run by the worker."""

from __future__ import annotations

from crontask import cron
from django.conf import settings
from django.tasks import task

from cegah.assistant.unanswered import purge_unanswered


@cron("45 1 * * *")
@task()
def purge_old_unanswered() -> int:
    """Every night: forget unanswered-question aggregates nobody asked again within
    `ASSISTANT_UNANSWERED_RETENTION_DAYS`."""
    return purge_unanswered(int(settings.ASSISTANT_UNANSWERED_RETENTION_DAYS))

"""Scheduled publishing: pages whose go-live time has come go live, expired ones go away."""

from __future__ import annotations

from crontask import cron
from django.core.management import call_command
from django.tasks import task


@cron("* * * * *")
@task()
def publish_scheduled_pages() -> str:
    """Run Wagtail's `publish_scheduled` every minute (approved revisions with `go_live_at`
    in the past are published; pages past `expire_at` are unpublished)."""
    call_command("publish_scheduled", verbosity=0)
    return "ok"

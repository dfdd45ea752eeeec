"""Platform jobs: the worker's heartbeat, scheduled every minute by django-crontask."""

from __future__ import annotations

from crontask import cron
from django.conf import settings
from django.tasks import task
from django.utils import timezone

from cegah.core.models import WorkerHeartbeat


@cron("* * * * *")
@task()
def record_heartbeat() -> str:
    """Prove that a worker takes jobs: `/healthz` reads the time written here, per worker
    (`WORKER_NAME`: the host name unless the process manager names each worker)."""
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(worker=settings.WORKER_NAME, defaults={"beat_at": now})
    return now.isoformat()

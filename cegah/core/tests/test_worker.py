from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from cegah.core.models import WorkerHeartbeat
from cegah.core.tasks import record_heartbeat

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_TASKS)
def test_the_db_worker_runs_enqueued_jobs() -> None:
    result = record_heartbeat.enqueue()
    assert DBTaskResult.objects.filter(id=result.id, status="READY").exists()
    assert not WorkerHeartbeat.objects.exists()
    call_command("db_worker", "--batch", "--no-startup-delay")
    assert DBTaskResult.objects.get(id=result.id).status == "SUCCESSFUL"
    assert WorkerHeartbeat.objects.count() == 1


def test_heartbeat_is_scheduled_every_minute() -> None:
    from crontask import scheduler

    jobs = {job.name: job for job in scheduler.get_jobs()}
    assert "record_heartbeat" in jobs
    assert str(jobs["record_heartbeat"].trigger).startswith("cron[month='*', day='*'")

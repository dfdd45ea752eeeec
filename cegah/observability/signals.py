"""Counts finished background tasks, in whichever process runs them (a worker, or the web
process itself with the immediate backend)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver
from django.tasks import TaskResultStatus
from django.tasks.signals import task_finished

from cegah.observability.metrics import TASK_FAILURES, TASKS_FINISHED


@receiver(task_finished, dispatch_uid="cegah.observability.task_finished")
def count_finished_task(sender: Any, task_result: Any, **kwargs: Any) -> None:
    task = task_result.task.module_path
    status = TaskResultStatus(task_result.status)
    TASKS_FINISHED.labels(task, status.name.lower()).inc()
    if status == TaskResultStatus.FAILED:
        TASK_FAILURES.labels(task).inc()

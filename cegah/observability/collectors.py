"""Gauges read from the database when Prometheus scrapes, at most every few seconds.

A scrape costs at most four queries: one for the task queue (when it is django-tasks-db), one for complaints past their
deadlines, one for gift reports past theirs and one for worker heartbeats. The numbers are kept
in the process for `METRICS_CACHE_SECONDS` (15 s by default), so several scrapers (two
Prometheus servers, a person with curl) never multiply the cost. Every node reports the same
database values: aggregate them with `max without (instance)` (deploy/prometheus/).
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Count
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from cegah.complaints.models import BreachKind, Complaint, breach_filter
from cegah.core.models import WorkerHeartbeat
from cegah.gratification.models import GratificationReport

logger = logging.getLogger(__name__)

# Waiting and running tasks make the queue's depth; failed results are kept by django-tasks-db
# until pruned, so their count only rises between prunes.
QUEUE_STATES = {TaskResultStatus.READY: "ready", TaskResultStatus.RUNNING: "running"}


@dataclass
class Snapshot:
    """The database's numbers at one moment."""

    database_up: bool = True
    queue_depth: dict[tuple[str, str], int] = field(default_factory=dict)
    failed_results: dict[str, int] = field(default_factory=dict)
    complaints_overdue: dict[str, int] = field(default_factory=dict)
    gift_reports_overdue: int = 0
    heartbeats: dict[str, float] = field(default_factory=dict)
    newest_heartbeat_age: float = math.inf


_lock = threading.Lock()
_cached: tuple[float, Snapshot] | None = None


def clear_cache() -> None:
    """Forget the kept numbers: the next scrape reads the database."""
    global _cached
    with _lock:
        _cached = None


DATABASE_BACKEND = "django_tasks_db.DatabaseBackend"


def _database_queue_names() -> set[str]:
    """The queues of the task backends that keep their tasks in the database (with
    `TASKS_QUEUE=rq` none do: RQ's queues live in Redis and are not read here)."""
    names: set[str] = set()
    for params in settings.TASKS.values():
        if params.get("BACKEND") == DATABASE_BACKEND:
            names.update(params.get("QUEUES", ["default"]))
    return names


def _read_tasks(snapshot: Snapshot) -> None:
    """Waiting, running and failed tasks by queue, in one query (none without a database
    task backend)."""
    aliases = [
        alias
        for alias, params in settings.TASKS.items()
        if params.get("BACKEND") == DATABASE_BACKEND
    ]
    if not aliases:
        return
    for queue in _database_queue_names():
        for state in QUEUE_STATES.values():
            snapshot.queue_depth[(queue, state)] = 0
        snapshot.failed_results[queue] = 0
    rows = (
        DBTaskResult.objects.filter(
            backend_name__in=aliases, status__in=[*QUEUE_STATES, TaskResultStatus.FAILED]
        )
        .order_by()
        .values_list("queue_name", "status")
        .annotate(n=Count("pk"))
    )
    for queue, status, n in rows:
        if status == TaskResultStatus.FAILED:
            snapshot.failed_results[queue] = n
        else:
            snapshot.queue_depth[(queue, QUEUE_STATES[TaskResultStatus(status)])] = n


def read_snapshot() -> Snapshot:
    """Query the database (four queries)."""
    snapshot = Snapshot()
    _read_tasks(snapshot)

    # The same conditions as `Complaint.objects.breached(kind)`, counted in one query.
    breached = Complaint.objects.aggregate(
        **{kind.value: Count("pk", filter=breach_filter(kind)) for kind in BreachKind}
    )
    snapshot.complaints_overdue = {kind: int(n) for kind, n in breached.items()}
    snapshot.gift_reports_overdue = GratificationReport.objects.overdue().count()

    now = timezone.now()
    beats = dict(WorkerHeartbeat.objects.values_list("worker", "beat_at"))
    snapshot.heartbeats = {
        worker: max((now - at).total_seconds(), 0.0) for worker, at in beats.items()
    }
    if snapshot.heartbeats:
        snapshot.newest_heartbeat_age = min(snapshot.heartbeats.values())
    return snapshot


def current_snapshot() -> Snapshot:
    """The kept numbers while they are fresh, else new ones; a failing database gives
    `database_up = False` and empty values rather than a failed scrape."""
    global _cached
    with _lock:
        now = time.monotonic()
        if _cached is not None and now - _cached[0] < settings.METRICS_CACHE_SECONDS:
            return _cached[1]
        try:
            snapshot = read_snapshot()
        except DatabaseError:
            logger.exception("Metrics: the database could not be read.")
            snapshot = Snapshot(database_up=False)
        _cached = (now, snapshot)
        return snapshot


class DatabaseCollector(Collector):
    """The gauges a scrape computes from the database."""

    def describe(self) -> Iterable[Metric]:
        # Nothing to check at registration: collecting would query the database.
        return []

    def collect(self) -> Iterator[Metric]:
        snapshot = current_snapshot()
        up = GaugeMetricFamily(
            "cegah_metrics_database_up",
            "1 when the last scrape could read the database, else 0.",
        )
        up.add_metric([], 1.0 if snapshot.database_up else 0.0)
        yield up
        if not snapshot.database_up:
            return

        depth = GaugeMetricFamily(
            "cegah_task_queue_depth",
            "Background tasks waiting (ready) or running, by queue.",
            labels=["queue", "state"],
        )
        for (queue, state), n in sorted(snapshot.queue_depth.items()):
            depth.add_metric([queue, state], n)
        yield depth

        failed = GaugeMetricFamily(
            "cegah_task_failed_results",
            "Failed task results kept in the database (until pruned), by queue.",
            labels=["queue"],
        )
        for queue, n in sorted(snapshot.failed_results.items()):
            failed.add_metric([queue], n)
        yield failed

        complaints = GaugeMetricFamily(
            "cegah_complaints_overdue",
            "Complaints past a deadline today, by the deadline missed.",
            labels=["deadline"],
        )
        for kind, n in sorted(snapshot.complaints_overdue.items()):
            complaints.add_metric([kind], n)
        yield complaints

        gifts = GaugeMetricFamily(
            "cegah_gift_reports_overdue",
            "Gratification reports whose owner (the UPG or KPK) has missed its deadline.",
        )
        gifts.add_metric([], snapshot.gift_reports_overdue)
        yield gifts

        ages = GaugeMetricFamily(
            "cegah_worker_heartbeat_age_seconds",
            "Seconds since each task worker host last ran the heartbeat job.",
            labels=["worker"],
        )
        for worker, age in sorted(snapshot.heartbeats.items()):
            ages.add_metric([worker], age)
        yield ages

        newest = GaugeMetricFamily(
            "cegah_worker_heartbeat_newest_age_seconds",
            "Seconds since any worker last ran the heartbeat job (+Inf when none ever did).",
        )
        newest.add_metric([], snapshot.newest_heartbeat_age)
        yield newest

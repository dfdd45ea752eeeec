"""Prometheus metrics: what each process counts, and the registry a scrape reads.

Counters and histograms are kept by prometheus_client. With several gunicorn worker
processes a scrape reaches one of them, so each process must write its values where the others
can read them: prometheus_client's multiprocess mode, on whenever `PROMETHEUS_MULTIPROC_DIR`
names a directory when this module is first imported (prometheus_client reads the variable
then). The command that starts a node sets the variable to a directory of that node's own and
calls `prepare_multiproc_dir()` before the first process starts; gunicorn calls
`mark_process_dead` for each worker that exits (`cegah/observability/gunicorn_conf.py`).
Without the variable (development, tests) the values stay in the process's default registry.

Gauges read from the database (queues, deadlines, heartbeats) are not kept here: the
`DatabaseCollector` computes them when a scrape asks (`cegah/observability/collectors.py`).
"""

from __future__ import annotations

import os
from pathlib import Path

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
CONTENT_TYPE = CONTENT_TYPE_LATEST

# From a cached page (a few ms) to a slow export (seconds); above 5 s counts in +Inf.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
# Anything else a client sends as a method is counted as "other" (labels must stay few).
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

HTTP_REQUESTS = Counter(
    "cegah_http_requests",
    "HTTP requests answered, by view name, method and status class.",
    ["view", "method", "status"],
)
HTTP_LATENCY = Histogram(
    "cegah_http_request_duration_seconds",
    "Time from the first middleware receiving a request to its response, by view name.",
    ["view"],
    buckets=LATENCY_BUCKETS,
)
HTTP_EXCEPTIONS = Counter(
    "cegah_http_exceptions",
    "Exceptions a view raised (answered with an error page), by view name and exception class.",
    ["view", "exception"],
)
TASKS_FINISHED = Counter(
    "cegah_tasks_finished",
    "Background tasks finished in this node's processes, by task and final status.",
    ["task", "status"],
)
TASK_FAILURES = Counter(
    "cegah_task_failures",
    "Background tasks that failed in this node's processes, by task.",
    ["task"],
)


def multiproc_dir() -> str | None:
    """The multiprocess directory when multiprocess mode is on, else None."""
    path = os.environ.get(MULTIPROC_ENV)
    return path if path and Path(path).is_dir() else None


def prepare_multiproc_dir(path: str | os.PathLike[str]) -> Path:
    """Create `path` and empty it of the previous run's value files; returns it.

    Call it once per node before its first process starts (gunicorn, task workers writing into
    the same directory), with `PROMETHEUS_MULTIPROC_DIR` set to it in their environment.
    Files left from a run before would otherwise add dead processes' counts to the new ones.
    """
    directory = Path(path)
    directory.mkdir(parents=True, exist_ok=True)
    for leftover in directory.glob("*.db"):
        leftover.unlink(missing_ok=True)
    return directory


def build_registry() -> CollectorRegistry:
    """The registry one scrape reads: every process's values, and the database gauges."""
    from cegah.observability.collectors import DatabaseCollector

    registry = CollectorRegistry()
    path = multiproc_dir()
    if path:
        multiprocess.MultiProcessCollector(registry, path=path)
    else:
        # The default registry: this process's metrics and its process/GC/platform ones.
        registry.register(REGISTRY)
    registry.register(DatabaseCollector())
    return registry


def render() -> bytes:
    """The text exposition format of `build_registry()`."""
    return generate_latest(build_registry())


def status_class(status: int) -> str:
    """`2xx`, `3xx`, `4xx` or `5xx`: the label requests are counted under."""
    return f"{min(max(status // 100, 1), 5)}xx"


def method_label(method: str | None) -> str:
    method = (method or "").upper()
    return method if method in KNOWN_METHODS else "other"

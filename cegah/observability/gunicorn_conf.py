"""Gunicorn settings for Prometheus's multiprocess mode: `gunicorn -c
python:cegah.observability.gunicorn_conf ...` (or the file's path).

With `PROMETHEUS_MULTIPROC_DIR` set, each worker process writes its metric values to files in
that directory and a scrape adds them up. When a worker exits, its live gauges must be
dropped: gunicorn's `child_exit` hook, in the master, tells prometheus_client. The directory
itself is prepared (created, emptied) by the command that starts the node, before gunicorn:
`cegah.observability.metrics.prepare_multiproc_dir(path)`.
"""

from __future__ import annotations

import os
from typing import Any

from prometheus_client import multiprocess


def child_exit(server: Any, worker: Any) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.mark_process_dead(worker.pid)

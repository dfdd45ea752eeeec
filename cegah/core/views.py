"""Platform endpoints that are not part of any module."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import redis
from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from cegah.core.models import WorkerHeartbeat
from cegah.lib.limiter import redis_url


def _check_database() -> dict[str, object]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"status": "ok", "vendor": connection.vendor}


def _check_redis() -> dict[str, object]:
    url = redis_url()
    if not url:
        return {"status": "not configured"}
    client = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
    try:
        client.ping()
    finally:
        client.close()
    return {"status": "ok"}


def _check_storage() -> dict[str, object]:
    """Both file stores answer: the public one (disk or S3) and the private one (evidence)."""
    found: dict[str, object] = {"status": "ok"}
    for alias in ("default", "private"):
        store = storages[alias]
        if isinstance(store, FileSystemStorage):
            folder = Path(store.location)
            folder.mkdir(parents=True, exist_ok=True)  # as the storage does on its first save
            if not os.access(folder, os.W_OK):
                raise PermissionError(alias)
        else:
            store.exists(HEALTH_PROBE_NAME)  # a round trip to the bucket
        found[alias] = store.__class__.__name__
    return found


def _check_workers() -> dict[str, object]:
    max_age = timedelta(seconds=settings.WORKER_HEARTBEAT_MAX_AGE)
    now = timezone.now()
    beats = list(WorkerHeartbeat.objects.order_by("-beat_at")[:20])
    workers = [
        {
            "name": beat.worker,
            "last_heartbeat": beat.beat_at.isoformat(),
            "status": "ok" if now - beat.beat_at <= max_age else "down",
        }
        for beat in beats
    ]
    fresh = any(w["status"] == "ok" for w in workers)
    return {
        "status": "ok" if fresh else "down",
        "last_heartbeat": beats[0].beat_at.isoformat() if beats else None,
        "max_age_seconds": settings.WORKER_HEARTBEAT_MAX_AGE,
        "workers": workers,
    }


HEALTH_PROBE_NAME = ".healthz-probe"
# Checks in order; the workers' heartbeat is read from the database, so it is "unknown" when
# the database is down.
_CHECKS: tuple[tuple[str, Callable[[], dict[str, object]]], ...] = (
    ("database", _check_database),
    ("redis", _check_redis),
    ("storage", _check_storage),
    ("worker", _check_workers),
)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """The state of this node and of what it needs: the database, Redis (when configured),
    file storage and the background workers' heartbeat; 503 when any of them is down.

    Monitoring reads this; the front proxy checks `/ping` instead, so that a shared part
    being down does not take every node out of rotation."""
    body: dict[str, object] = {"node": settings.NODE_NAME}
    states: dict[str, str] = {}
    for name, check in _CHECKS:
        if name == "worker" and states["database"] != "ok":
            found: dict[str, object] = {"status": "unknown", "last_heartbeat": None}
        else:
            try:
                found = check()
            except Exception as exc:  # any failure of a part means "down", whatever its class
                found = {"status": "down", "error": exc.__class__.__name__}
        body[name] = found
        states[name] = str(found["status"])
    healthy = all(state in ("ok", "not configured") for state in states.values())
    body["status"] = "ok" if healthy else "down"
    return JsonResponse(body, status=200 if healthy else 503)


@require_GET
def ping(request: HttpRequest) -> HttpResponse:
    """The cheapest possible response through the full middleware stack: the benchmark's baseline."""
    return HttpResponse("ok", content_type="text/plain")

"""Platform endpoints that are not part of any module."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Max
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from cegah.core.models import WorkerHeartbeat


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """The state of the database and of the background worker; 503 when either is down."""
    body: dict[str, object] = {}
    database_ok = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        body["database"] = {"status": "ok", "vendor": connection.vendor}
    except Exception as exc:  # any database failure means "down", whatever its class
        database_ok = False
        body["database"] = {"status": "down", "error": exc.__class__.__name__}

    worker_ok = False
    if database_ok:
        last = WorkerHeartbeat.objects.aggregate(last=Max("beat_at"))["last"]
        max_age = timedelta(seconds=settings.WORKER_HEARTBEAT_MAX_AGE)
        worker_ok = last is not None and timezone.now() - last <= max_age
        body["worker"] = {
            "status": "ok" if worker_ok else "down",
            "last_heartbeat": last.isoformat() if last else None,
            "max_age_seconds": settings.WORKER_HEARTBEAT_MAX_AGE,
        }
    else:
        body["worker"] = {"status": "unknown", "last_heartbeat": None}
    healthy = database_ok and worker_ok
    body["status"] = "ok" if healthy else "down"
    return JsonResponse(body, status=200 if healthy else 503)


@require_GET
def ping(request: HttpRequest) -> HttpResponse:
    """The cheapest possible response through the full middleware stack: the benchmark's baseline."""
    return HttpResponse("ok", content_type="text/plain")

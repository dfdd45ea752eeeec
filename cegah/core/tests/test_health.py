from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from cegah.core.models import WorkerHeartbeat
from cegah.core.tasks import record_heartbeat


@pytest.mark.django_db
def test_healthz_is_503_until_a_worker_has_beaten(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["database"]["status"] == "ok"
    assert body["worker"] == {
        "status": "down",
        "last_heartbeat": None,
        "max_age_seconds": 180,
        "workers": [],
    }
    assert body["node"]
    assert body["redis"] == {"status": "not configured"}  # the test profile has no Redis
    assert body["storage"]["status"] == "ok"


@pytest.mark.django_db
def test_heartbeat_task_makes_healthz_green_and_stale_beats_turn_it_red(client: Client) -> None:
    record_heartbeat.enqueue()
    assert WorkerHeartbeat.objects.count() == 1
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert [w["status"] for w in body["worker"]["workers"]] == ["ok"]
    with time_machine.travel(timezone.now() + timedelta(minutes=4)):
        assert client.get("/healthz").status_code == 503


@pytest.mark.django_db
def test_healthz_reports_a_database_failure(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import connection

    def broken_cursor(*args: object, **kwargs: object) -> None:
        raise ConnectionError("database unreachable")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == {"status": "down", "error": "ConnectionError"}


def test_ping_answers_ok(client: Client) -> None:
    response = client.get("/ping")
    assert response.content == b"ok"


@pytest.mark.django_db
def test_healthz_names_each_worker_that_beats(client: Client, settings: Any) -> None:
    for name in ("worker1", "worker2"):
        settings.WORKER_NAME = name
        record_heartbeat.enqueue()
    workers = client.get("/healthz").json()["worker"]["workers"]
    assert sorted(w["name"] for w in workers) == ["worker1", "worker2"]


@pytest.mark.django_db
def test_healthz_checks_redis_when_configured(client: Client, settings: Any) -> None:
    record_heartbeat.enqueue()
    redis_cache = {"BACKEND": "cegah.core.cache.TolerantRedisCache"}
    settings.CACHES = {"default": {**redis_cache, "LOCATION": "redis://127.0.0.1:6379/7"}}
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["redis"] == {"status": "ok"}
    settings.CACHES = {"default": {**redis_cache, "LOCATION": "redis://127.0.0.1:1/0"}}
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["redis"] == {"status": "down", "error": "ConnectionError"}


@pytest.mark.django_db
def test_healthz_reports_storage_that_cannot_be_read(
    client: Client, settings: Any, tmp_path: Path
) -> None:
    record_heartbeat.enqueue()
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the media folder should be")
    settings.MEDIA_ROOT = str(blocked / "media")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["storage"]["status"] == "down"

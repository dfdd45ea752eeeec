from __future__ import annotations

from datetime import timedelta

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
    }


@pytest.mark.django_db
def test_heartbeat_task_makes_healthz_green_and_stale_beats_turn_it_red(client: Client) -> None:
    record_heartbeat.enqueue()
    assert WorkerHeartbeat.objects.count() == 1
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
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

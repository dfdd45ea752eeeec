"""An API operation whose database or Redis does not answer refuses with a retryable 503, not
a 500 (found by bench/cluster_faults.py: ninja's own exception handler answered 500)."""

from __future__ import annotations

from typing import Any
from unittest.mock import patch

import pytest
import redis
from django.db import OperationalError
from django.test import Client

from cegah.complaints.models import Complaint
from cegah.complaints.tests.test_api import URL, body


def _redis_down(*args: Any, **kwargs: Any) -> bool:
    raise redis.ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


def _database_down(*args: Any, **kwargs: Any) -> Any:
    raise OperationalError("the database system is shutting down")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "target, failure",
    [
        ("cegah.complaints.ratelimit.allow", _redis_down),
        ("cegah.complaints.lookups.active_category", _database_down),
    ],
)
def test_a_complaint_sent_while_redis_or_the_database_is_down_is_refused_with_503_and_retry_after(
    target: str, failure: Any
) -> None:
    client = Client(raise_request_exception=False)
    with patch(target, failure):
        response = client.post(
            URL, body(), content_type="application/json", headers={"Accept-Language": "en"}
        )
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json()["code"] == "unavailable"
    assert "no-store" in response["Cache-Control"]
    assert "connecting" not in response.content.decode()
    assert not Complaint.objects.exists()

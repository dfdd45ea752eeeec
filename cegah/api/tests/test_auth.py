from __future__ import annotations

import pytest
from django.test import RequestFactory

from cegah.api.actions import create_api_key
from cegah.api.auth import SystemKeyAuth
from cegah.api.models import ApiKey


@pytest.mark.django_db
def test_system_keys_authenticate_until_revoked() -> None:
    key, secret = create_api_key(name="open311-client")
    auth = SystemKeyAuth()
    request = RequestFactory().get("/api/v1/", headers={"X-API-Key": secret})
    assert auth(request) == key
    assert ApiKey.objects.get(pk=key.pk).last_used_at is not None

    ApiKey.objects.filter(pk=key.pk).update(revoked_at="2026-01-01T00:00:00Z")
    assert auth(request) is None
    assert auth(RequestFactory().get("/api/v1/", headers={"X-API-Key": "cgk_wrong"})) is None
    assert auth(RequestFactory().get("/api/v1/")) is None

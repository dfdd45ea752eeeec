"""How API callers prove who they are."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import APIKeyHeader, HttpBearer

from cegah.api.actions import key_for_secret, user_for_token


class TokenAuth(HttpBearer):
    """A staff member's personal token: `Authorization: Bearer <token>`."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token)
        if user is None:
            return None
        request.user = user
        return user


class SystemKeyAuth(APIKeyHeader):
    """An outside system's key: `X-API-Key: <key>` (Open311 clients send `api_key` too)."""

    param_name = "X-API-Key"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if not key:
            return None
        return key_for_secret(key)

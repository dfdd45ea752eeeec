"""The shared cache on Redis, tolerant of Redis not answering.

Everything the cache holds can be computed again (shared pages, page-cache versions, menu
fragments, workspace blocks), so while Redis is stopped or restarting a read is a miss and a
write is skipped: pages render afresh from the database instead of failing. What must not
silently pass (single-use proofs of work, client limits) uses Redis strictly elsewhere
(`CACHES["strict"]`, `cegah.lib.limiter`) and answers 503 with `Retry-After` instead
(`cegah.core.errors.server_error`).
"""

from __future__ import annotations

import logging
import time
from typing import Any

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)
# At most one warning in this many seconds per process, so an outage does not flood the log.
WARN_EVERY_SECONDS = 30
_OUTAGE = (redis.ConnectionError, redis.TimeoutError)


class TolerantRedisCache(RedisCache):
    _last_warning = 0.0

    def _down(self, operation: str, exc: Exception) -> None:
        now = time.monotonic()
        if now - TolerantRedisCache._last_warning >= WARN_EVERY_SECONDS:
            TolerantRedisCache._last_warning = now
            logger.warning(
                "Cache %s skipped: Redis did not answer (%s)", operation, exc.__class__.__name__
            )

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        try:
            return super().get(key, default, version)
        except _OUTAGE as exc:
            self._down("read", exc)
            return default

    def get_many(self, keys: Any, version: int | None = None) -> dict[Any, Any]:
        try:
            return super().get_many(keys, version)
        except _OUTAGE as exc:
            self._down("read", exc)
            return {}

    def has_key(self, key: Any, version: int | None = None) -> bool:
        try:
            return super().has_key(key, version)
        except _OUTAGE as exc:
            self._down("read", exc)
            return False

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> None:
        try:
            super().set(key, value, timeout, version)
        except _OUTAGE as exc:
            self._down("write", exc)

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        try:
            return super().add(key, value, timeout, version)
        except _OUTAGE as exc:
            self._down("write", exc)
            return False

    def set_many(
        self, data: dict[Any, Any], timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> list[Any]:
        try:
            return super().set_many(data, timeout, version)
        except _OUTAGE as exc:
            self._down("write", exc)
            return list(data)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        try:
            return super().touch(key, timeout, version)
        except _OUTAGE as exc:
            self._down("write", exc)
            return False

    def delete(self, key: Any, version: int | None = None) -> bool:
        try:
            return super().delete(key, version)
        except _OUTAGE as exc:
            self._down("write", exc)
            return False

    def delete_many(self, keys: Any, version: int | None = None) -> None:
        try:
            super().delete_many(keys, version)
        except _OUTAGE as exc:
            self._down("write", exc)

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        try:
            return super().incr(key, delta, version)
        except _OUTAGE as exc:
            self._down("write", exc)
            raise ValueError(f"Key {key!r} not reachable.") from exc

"""One moving-window limiter (the `limits` package) for every per-person or per-sender limit
of the apps: on Redis when the cache is Redis (`REDIS_URL`), so every web process and worker
shares the counts; in this process's memory otherwise. Apps keep their counts apart by scope."""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from limits.storage import MemoryStorage, Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter


@lru_cache(maxsize=4)
def _limiter(redis_url: str) -> MovingWindowRateLimiter:
    storage = storage_from_string(redis_url) if redis_url else MemoryStorage()
    assert isinstance(storage, Storage)  # the synchronous storages
    return MovingWindowRateLimiter(storage)


def shared_limiter() -> MovingWindowRateLimiter:
    """The limiter on the cache's Redis, or in memory without one."""
    cache = settings.CACHES["default"]
    redis = "redis" in str(cache["BACKEND"]).lower()
    return _limiter(str(cache.get("LOCATION", "")) if redis else "")

"""Rate limits shared by every web process and worker of a deployment.

Two shapes of limit live here, both counted in Redis when the cache is Redis (`REDIS_URL`),
so two web nodes give a client the allowance once, not once per node:

- `shared_limiter()`: the `limits` package's moving-window limiter, for per-person or
  per-sender limits (messaging, the forum, the chat). Apps keep their counts apart by scope.
- `client_windows()`: "at most N in any window" per client and scope, with all-or-nothing
  counting over several windows and the wait before the next attempt (the public forms and
  the API: complaints, fact-checks, the assistant). On Redis it is the same `limits`
  moving window (atomic per window in a Lua script); without Redis it is `MemoryWindows`,
  exact under the threads of a gthread worker (`limits`' own memory storage is not safe
  there: two requests at once can both restart its expiry timer, and one of them fails with
  "thread already started").
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Protocol

from django.conf import settings
from limits import RateLimitItemPerSecond
from limits.storage import MemoryStorage, Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

# (scope, key, amount, seconds): at most `amount` hits by `key` in any `seconds` in `scope`.
Window = tuple[str, str, int, float]
# Every this many hits, MemoryWindows forgets keys whose window has passed.
SWEEP_EVERY = 1000


def redis_url() -> str:
    """The cache's Redis address, or "" when the cache is not Redis."""
    cache = settings.CACHES["default"]
    return str(cache.get("LOCATION", "")) if "redis" in str(cache["BACKEND"]).lower() else ""


@lru_cache(maxsize=4)
def _limiter(url: str) -> MovingWindowRateLimiter:
    storage = storage_from_string(url) if url else MemoryStorage()
    assert isinstance(storage, Storage)  # the synchronous storages
    return MovingWindowRateLimiter(storage)


def shared_limiter() -> MovingWindowRateLimiter:
    """The limiter on the cache's Redis, or in memory without one."""
    return _limiter(redis_url())


class ClientWindows(Protocol):
    def hit_all(self, windows: Sequence[Window], cost: int = 1) -> int | None:
        """Count `cost` hits in every window, or in none when one has no room: then the
        index of the first full window, else None."""

    def retry_after(self, scope: str, key: str, amount: int, seconds: float) -> int:
        """Whole seconds until the oldest counted hit leaves the window (0 when none)."""

    def reset(self) -> None:
        """Forget every count (tests start from zero)."""


class MemoryWindows:
    """At most `amount` hits in any `seconds` long window, per (scope, key), in this process."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._hits: dict[tuple[str, str], tuple[float, deque[float]]] = {}
        self._since_sweep = 0

    def hit(self, scope: str, key: str, amount: int, seconds: float, cost: int = 1) -> bool:
        """Count `cost` hits unless they do not fit in the window; True when counted."""
        return self.hit_all([(scope, key, amount, seconds)], cost) is None

    def hit_all(self, windows: Sequence[Window], cost: int = 1) -> int | None:
        # Checked and counted under one lock, so a hit refused by one limit never uses up
        # another.
        now = self._clock()
        with self._lock:
            found: list[deque[float]] = []
            for index, (scope, key, amount, seconds) in enumerate(windows):
                _seconds, hits = self._hits.setdefault((scope, key), (seconds, deque()))
                while hits and hits[0] <= now - seconds:
                    hits.popleft()
                if len(hits) + cost > amount:
                    return index
                found.append(hits)
            for hits in found:
                hits.extend([now] * cost)
            self._since_sweep += 1
            if self._since_sweep >= SWEEP_EVERY:
                self._sweep(now)
            return None

    def retry_after(self, scope: str, key: str, amount: int, seconds: float) -> int:
        now = self._clock()
        with self._lock:
            entry = self._hits.get((scope, key))
            if not entry or not entry[1]:
                return 0
            return max(0, math.ceil(entry[1][0] + seconds - now))

    def _sweep(self, now: float) -> None:
        self._since_sweep = 0
        stale = [
            k for k, (seconds, hits) in self._hits.items() if not hits or hits[-1] <= now - seconds
        ]
        for k in stale:
            del self._hits[k]

    def __len__(self) -> int:
        return len(self._hits)

    def reset(self) -> None:
        with self._lock:
            self._hits.clear()
            self._since_sweep = 0


class RedisWindows:
    """The same windows on Redis through `limits`, shared by every process and node.

    Each window's check-and-count is one atomic Lua script. Over several windows it first
    tests them all, then counts them in order; when another node fills a later window in
    between, the earlier ones keep the hit (the client is refused a little early, never let
    through beyond a limit)."""

    def __init__(self, url: str) -> None:
        self._url = url

    @property
    def _limiter(self) -> MovingWindowRateLimiter:
        return _limiter(self._url)

    @staticmethod
    def _item(amount: int, seconds: float) -> RateLimitItemPerSecond:
        return RateLimitItemPerSecond(amount, max(1, math.ceil(seconds)), namespace="CEGAH")

    def hit_all(self, windows: Sequence[Window], cost: int = 1) -> int | None:
        limiter = self._limiter
        if len(windows) > 1:
            for index, (scope, key, amount, seconds) in enumerate(windows):
                if not limiter.test(self._item(amount, seconds), scope, key, cost=cost):
                    return index
        for index, (scope, key, amount, seconds) in enumerate(windows):
            if not limiter.hit(self._item(amount, seconds), scope, key, cost=cost):
                return index
        return None

    def retry_after(self, scope: str, key: str, amount: int, seconds: float) -> int:
        stats = self._limiter.get_window_stats(self._item(amount, seconds), scope, key)
        if stats.remaining >= amount:
            return 0
        return max(0, math.ceil(stats.reset_time - time.time()))

    def reset(self) -> None:
        self._limiter.storage.reset()


_memory_windows = MemoryWindows()


@lru_cache(maxsize=4)
def _redis_windows(url: str) -> RedisWindows:
    return RedisWindows(url)


def client_windows() -> ClientWindows:
    """Redis-backed windows when the cache is Redis, this process's otherwise."""
    url = redis_url()
    return _redis_windows(url) if url else _memory_windows

"""Per-client rate limits on the public complaint forms and API: a moving window in memory.

Each web process counts on its own: with several workers a client may get up to the limit
in each, which still stops a single client flooding the form. The limits are settings
(`COMPLAINTS_SUBMIT_RATE`, `COMPLAINTS_LOOKUP_RATE`, from the environment, written as
`limits` parses them: `10/hour`), read at each call so a test can change them.

gunicorn's gthread workers serve requests in threads, so the counts sit behind one lock.
(`limits`' own memory storage is not safe there: two requests at once can both restart its
expiry timer, and one of them fails with "thread already started"; it also starts a thread
every few milliseconds under load.)
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Literal

from django.conf import settings
from django.http import HttpRequest
from limits import parse

from cegah.lib.clientip import client_ip

RateSetting = Literal[
    "COMPLAINTS_SUBMIT_RATE", "COMPLAINTS_LOOKUP_RATE", "COMPLAINTS_UNPROVEN_RATE"
]
# Every this many hits, clients whose window has passed are forgotten.
SWEEP_EVERY = 1000


class MovingWindow:
    """At most `amount` hits in any `seconds` long window, per key."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._hits: dict[tuple[str, str], tuple[float, deque[float]]] = {}
        self._since_sweep = 0

    def hit(self, scope: str, key: str, amount: int, seconds: float, cost: int = 1) -> bool:
        """Count `cost` hits unless they do not fit in the window; True when counted."""
        return self.hit_all([(scope, key, amount, seconds)], cost) is None

    def hit_all(self, windows: Sequence[tuple[str, str, int, float]], cost: int = 1) -> int | None:
        """Count `cost` hits in every window (scope, key, amount, seconds), or in none when
        one has no room: then the index of the first full window, else None. Checked and
        counted under one lock, so a hit refused by one limit never uses up another."""
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

    def retry_after(self, scope: str, key: str, seconds: float) -> int:
        """Whole seconds until the oldest counted hit leaves the window (0 when none is
        counted): how long a refused client waits before its next hit is counted."""
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


_window = MovingWindow()


@lru_cache(maxsize=32)
def _rate(text: str) -> tuple[int, int]:
    item = parse(text)
    return item.amount, item.get_expiry()


def client_key(request: HttpRequest) -> str:
    """The client's address (behind the deployment's own proxies: `cegah.lib.clientip`)."""
    return client_ip(request) or "unknown"


def allow(request: HttpRequest, setting: RateSetting) -> bool:
    """Count one attempt by this client against the limit named by `setting`; False once
    the limit is reached."""
    amount, seconds = _rate(str(getattr(settings, setting)))
    return _window.hit(setting, client_key(request), amount, seconds)


def allow_all(request: HttpRequest, *names: RateSetting) -> RateSetting | None:
    """Count one accepted complaint against every limit named, or against none when one is
    reached: then the name of that limit, else None. The intake form calls this only once
    the form is valid, so a form refused for a mistake uses up nothing."""
    key = client_key(request)
    windows = [(name, key, *_rate(str(getattr(settings, name)))) for name in names]
    full = _window.hit_all(windows)
    return None if full is None else names[full]


# Evidence files kept with intake forms not sent yet (cegah.complaints.models.KeptUpload):
# an address may keep as many an hour as the complaints it may send could carry.
UPLOADS_SCOPE = "COMPLAINTS_KEPT_UPLOADS"


def allow_uploads(request: HttpRequest, count: int, per_complaint: int) -> bool:
    """Count `count` files kept for this client, unless that passes `per_complaint` files
    for each complaint `COMPLAINTS_SUBMIT_RATE` allows in its window."""
    amount, seconds = _rate(str(settings.COMPLAINTS_SUBMIT_RATE))
    return _window.hit(UPLOADS_SCOPE, client_key(request), amount * per_complaint, seconds, count)


def retry_after(request: HttpRequest, setting: RateSetting) -> int:
    """Seconds before this client's next attempt against `setting` is counted again."""
    _amount, seconds = _rate(str(getattr(settings, setting)))
    return _window.retry_after(setting, client_key(request), seconds)


def reset() -> None:
    """Forget every count (tests start from zero)."""
    _window.reset()

"""Per-client rate limits on the public complaint forms and API (limits, in-memory storage).

The memory storage counts per process: with several web workers each keeps its own count,
which still stops a single client flooding the form. The limits are settings
(`COMPLAINTS_SUBMIT_RATE`, `COMPLAINTS_LOOKUP_RATE`, from the environment) read at each call,
so a test can change them.
"""

from __future__ import annotations

from typing import Literal

from django.conf import settings
from django.http import HttpRequest
from limits import parse, storage, strategies

_storage = storage.MemoryStorage()
_limiter = strategies.MovingWindowRateLimiter(_storage)

RateSetting = Literal["COMPLAINTS_SUBMIT_RATE", "COMPLAINTS_LOOKUP_RATE"]


def client_key(request: HttpRequest) -> str:
    """The client's address as the web server saw it."""
    return str(request.META.get("REMOTE_ADDR", "") or "unknown")


def allow(request: HttpRequest, setting: RateSetting) -> bool:
    """Count one attempt by this client against the limit named by `setting`; False once
    the limit is reached."""
    return _limiter.hit(parse(str(getattr(settings, setting))), setting, client_key(request))


def reset() -> None:
    """Forget every count (tests start from zero)."""
    _storage.reset()

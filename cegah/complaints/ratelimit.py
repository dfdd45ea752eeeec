"""Per-client rate limits on the public complaint forms and API (limits, in-memory storage).

The memory storage counts per process: with several web workers each keeps its own count,
which still stops a single client flooding the form. Limits are read from settings at each
call (`COMPLAINTS_SUBMIT_RATE`, `COMPLAINTS_LOOKUP_RATE`) so a deployment or a test can
change them.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from limits import parse, storage, strategies

_storage = storage.MemoryStorage()
_limiter = strategies.MovingWindowRateLimiter(_storage)

DEFAULTS = {
    "COMPLAINTS_SUBMIT_RATE": "10/hour",
    "COMPLAINTS_LOOKUP_RATE": "30/minute",
}


def client_key(request: HttpRequest) -> str:
    """The client's address as the web server saw it."""
    return str(request.META.get("REMOTE_ADDR", "") or "unknown")


def allow(request: HttpRequest, setting: str) -> bool:
    """Count one attempt by this client against the limit named by `setting`; False once
    the limit is reached."""
    rate = str(getattr(settings, setting, DEFAULTS[setting]))
    return _limiter.hit(parse(rate), setting, client_key(request))


def reset() -> None:
    """Forget every count (tests start from zero)."""
    _storage.reset()

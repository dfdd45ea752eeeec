"""Per-channel send rates (`MESSAGING_RATES`, e.g. WhatsApp 20 a second), shared by all
workers through Redis when `REDIS_URL` is set, per process otherwise."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from limits import RateLimitItem, parse

from cegah.lib.limiter import shared_limiter as limiter


def rate_for(channel: str) -> RateLimitItem:
    return parse(settings.MESSAGING_RATES.get(channel, "10/second"))


def wait_turn(channel: str, sleep: Callable[[float], None] = time.sleep, *, cost: int = 1) -> float:
    """Block until `channel` may send `cost` more messages; returns the seconds waited.
    A cost above the rate's amount is taken in parts (it would never fit at once), so a
    batch of messages waits as long as the same messages one by one."""
    item = rate_for(channel)
    waited = 0.0
    step = item.get_expiry() / max(item.amount, 1)
    while cost > 0:
        part = min(cost, max(item.amount, 1))
        while not limiter().hit(item, "messaging", channel, cost=part):
            sleep(step)
            waited += step
        cost -= part
    return waited

"""Per-sender limits on messages to the assistant, with the `limits` package: shared by all
workers through Redis when `REDIS_URL` is set, per process otherwise.

`CHAT_SENDER_RATE` (e.g. "20/minute;300/day") applies to every sender (a web session, a
Telegram chat, a WhatsApp number); `CHAT_ADDRESS_RATE` also applies to each web client's
address, so clearing cookies does not escape the limit. Complaints filed by chat count against
`COMPLAINTS_SUBMIT_RATE` per sender, as the web form counts them per address. Senders are
counted under a hash, so chat ids and phone numbers never reach Redis.

In memory, `limits`' storage is used behind one lock: its expiry timer is not safe when two
threads hit it at once (see `cegah.complaints.ratelimit`).
"""

from __future__ import annotations

import hashlib
import threading

from django.conf import settings
from limits import RateLimitItem, parse_many

from cegah.lib.limiter import shared_limiter as limiter

_lock = threading.Lock()


def _items(text: str) -> tuple[RateLimitItem, ...]:
    return tuple(parse_many(text))


def _key(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:24]


def _hit(scope: str, key: str, rates: str) -> bool:
    """Count one hit in every window of `rates`, or in none when one is full."""
    items = _items(rates)
    strategy = limiter()
    with _lock:
        if not all(strategy.test(item, "chat", scope, key) for item in items):
            return False
        for item in items:
            strategy.hit(item, "chat", scope, key)
    return True


def allow_message(channel: str, sender: str, address: str = "") -> bool:
    """Count one message from `sender` (and from the web client's `address`)."""
    if address and not _hit("address", _key(address), settings.CHAT_ADDRESS_RATE):
        return False
    return _hit(channel, _key(sender), settings.CHAT_SENDER_RATE)


def allow_notice(channel: str, sender: str) -> bool:
    """Whether a sender over the limit may be told so once more (once a minute at most:
    answering every refused message would flood them)."""
    return _hit("notice:" + channel, _key(sender), "1/minute")


def allow_complaint(channel: str, sender: str) -> bool:
    """Count one complaint filed by `sender` against `COMPLAINTS_SUBMIT_RATE`."""
    return _hit("complaint:" + channel, _key(sender), settings.COMPLAINTS_SUBMIT_RATE)


def reset() -> None:
    """Forget every count (tests start from zero)."""
    with _lock:
        limiter().storage.reset()

"""Posting limits per person (`FORUM_POST_RATE`, e.g. `10/hour;30/day`): a moving window of
the `limits` package, in Redis when `REDIS_URL` is set (shared by every web process), in
memory otherwise. Keyed by the account, not the address: people share mobile carriers'
addresses, and posting needs an account anyway."""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from limits import RateLimitItem, parse_many

from cegah.lib.limiter import shared_limiter as limiter

SCOPE = "forum-post"


@lru_cache(maxsize=8)
def _items(text: str) -> tuple[RateLimitItem, ...]:
    return tuple(parse_many(text))


def allow_post(user_id: int) -> bool:
    """Count one post by the person unless a limit is reached (then count nothing)."""
    items = _items(settings.FORUM_POST_RATE)
    key = str(user_id)
    if not all(limiter().test(item, SCOPE, key) for item in items):
        return False
    for item in items:
        limiter().hit(item, SCOPE, key)
    return True


def reset() -> None:
    """Forget every count (tests start from zero)."""
    limiter().storage.reset()

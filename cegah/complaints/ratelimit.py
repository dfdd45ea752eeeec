"""Per-client rate limits on the public complaint forms and API: moving windows shared by
every web process and node (`cegah.lib.limiter.client_windows`: Redis when `REDIS_URL` is
set, this process's memory otherwise). The limits are settings (`COMPLAINTS_SUBMIT_RATE`,
`COMPLAINTS_LOOKUP_RATE`, from the environment, written as `limits` parses them:
`10/hour`), read at each call so a test can change them.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from django.conf import settings
from django.http import HttpRequest
from limits import parse

from cegah.lib.clientip import client_ip
from cegah.lib.limiter import client_windows

RateSetting = Literal[
    "COMPLAINTS_SUBMIT_RATE", "COMPLAINTS_LOOKUP_RATE", "COMPLAINTS_UNPROVEN_RATE"
]


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
    return client_windows().hit_all([(setting, client_key(request), amount, seconds)]) is None


def allow_all(request: HttpRequest, *names: RateSetting) -> RateSetting | None:
    """Count one accepted complaint against every limit named, or against none when one is
    reached: then the name of that limit, else None. The intake form calls this only once
    the form is valid, so a form refused for a mistake uses up nothing."""
    key = client_key(request)
    windows = [(name, key, *_rate(str(getattr(settings, name)))) for name in names]
    full = client_windows().hit_all(windows)
    return None if full is None else names[full]


# Evidence files kept with intake forms not sent yet (cegah.complaints.models.KeptUpload):
# an address may keep as many an hour as the complaints it may send could carry.
UPLOADS_SCOPE = "COMPLAINTS_KEPT_UPLOADS"


def allow_uploads(request: HttpRequest, count: int, per_complaint: int) -> bool:
    """Count `count` files kept for this client, unless that passes `per_complaint` files
    for each complaint `COMPLAINTS_SUBMIT_RATE` allows in its window."""
    amount, seconds = _rate(str(settings.COMPLAINTS_SUBMIT_RATE))
    window = (UPLOADS_SCOPE, client_key(request), amount * per_complaint, seconds)
    return client_windows().hit_all([window], count) is None


def retry_after(request: HttpRequest, setting: RateSetting) -> int:
    """Seconds before this client's next attempt against `setting` is counted again."""
    amount, seconds = _rate(str(getattr(settings, setting)))
    return client_windows().retry_after(setting, client_key(request), amount, seconds)


def reset() -> None:
    """Forget every count (tests start from zero)."""
    client_windows().reset()

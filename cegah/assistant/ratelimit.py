"""Per-client limit on questions to the assistant API and form, counted like the complaint
form's (the shared windows of `cegah.lib.limiter` and the client key of `cegah.complaints.ratelimit`)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from limits import parse

from cegah.complaints.ratelimit import client_key
from cegah.lib.limiter import client_windows

SCOPE = "assistant_ask"


def allow(request: HttpRequest) -> bool:
    """Count one question from this client; False once `ASSISTANT_ASK_RATE` is reached."""
    item = parse(str(settings.ASSISTANT_ASK_RATE))
    window = (SCOPE, client_key(request), item.amount, item.get_expiry())
    return client_windows().hit_all([window]) is None


def retry_after(request: HttpRequest) -> int:
    """Seconds before this client's next question is counted again."""
    item = parse(str(settings.ASSISTANT_ASK_RATE))
    return client_windows().retry_after(SCOPE, client_key(request), item.amount, item.get_expiry())


def reset() -> None:
    """Forget every count (tests start from zero)."""
    client_windows().reset()

"""Per-client limit on questions to the assistant API and form, counted like the complaint
form's (the same moving window and client key from `cegah.complaints.ratelimit`)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from limits import parse

from cegah.complaints.ratelimit import MovingWindow, client_key

_window = MovingWindow()
SCOPE = "assistant_ask"


def allow(request: HttpRequest) -> bool:
    """Count one question from this client; False once `ASSISTANT_ASK_RATE` is reached."""
    item = parse(str(settings.ASSISTANT_ASK_RATE))
    return _window.hit(SCOPE, client_key(request), item.amount, item.get_expiry())


def retry_after(request: HttpRequest) -> int:
    """Seconds before this client's next question is counted again."""
    expiry = parse(str(settings.ASSISTANT_ASK_RATE)).get_expiry()
    return _window.retry_after(SCOPE, client_key(request), expiry)


def reset() -> None:
    """Forget every count (tests start from zero)."""
    _window.reset()

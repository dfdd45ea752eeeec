"""Per-client limit on messages sent to Cek Fakta, counted like the complaint form's (the same
moving window and client key from `cegah.complaints.ratelimit`, its own counts)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from limits import parse

from cegah.complaints.ratelimit import client_key
from cegah.lib.limiter import client_windows


def allow_submission(request: HttpRequest) -> bool:
    """Count one message from this client; False once `FACTCHECKS_SUBMIT_RATE` is reached."""
    item = parse(str(settings.FACTCHECKS_SUBMIT_RATE))
    window = ("factcheck_submit", client_key(request), item.amount, item.get_expiry())
    return client_windows().hit_all([window]) is None


def allow_image_check(request: HttpRequest) -> bool:
    """Count one image checked on "check a message" (decoding images costs the server; text
    checks are not counted): the same `FACTCHECKS_SUBMIT_RATE`, counted apart."""
    item = parse(str(settings.FACTCHECKS_SUBMIT_RATE))
    window = ("factcheck_image_check", client_key(request), item.amount, item.get_expiry())
    return client_windows().hit_all([window]) is None


def submission_retry_after(request: HttpRequest) -> int:
    """Seconds before this client's next message is counted again."""
    item = parse(str(settings.FACTCHECKS_SUBMIT_RATE))
    return client_windows().retry_after(
        "factcheck_submit", client_key(request), item.amount, item.get_expiry()
    )


def image_check_retry_after(request: HttpRequest) -> int:
    """Seconds before this client's next image check is counted again."""
    item = parse(str(settings.FACTCHECKS_SUBMIT_RATE))
    return client_windows().retry_after(
        "factcheck_image_check", client_key(request), item.amount, item.get_expiry()
    )


def reset() -> None:
    """Forget every count (tests start from zero)."""
    client_windows().reset()

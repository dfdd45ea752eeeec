"""Background jobs of the message channels."""

from __future__ import annotations

import logging

from django.tasks import task

from cegah.messaging import channels

logger = logging.getLogger(__name__)


@task()
def send_message(channel: str, to: str, text: str, key: str) -> bool:
    """One message sent outside the request that caused it (e.g. the bot's reply to
    `/start`); a refusal is logged, not retried: the person can press the link again."""
    try:
        channels.send(channel, to, text, key=key)
    except channels.DeliveryError as exc:
        logger.warning("Message %s to %s failed: %s", key, to, exc)
        return False
    return True

"""Background jobs of the assistant: sending a reply, and the daily purge."""

from __future__ import annotations

import dataclasses
import logging

from crontask import cron
from django.tasks import task

from cegah.chat.actions import purge_conversations
from cegah.messaging import channels, throttle

logger = logging.getLogger(__name__)


@task()
def send_reply(channel: str, to: str, text: str, key: str) -> bool:
    """Send the assistant's reply through the channel's adapter (the outbox outside
    production). A WhatsApp reply answers a message the person just sent, so it goes as free
    text even when `WHATSAPP_TEMPLATE` is set for reminders (free text is allowed within 24
    hours of their message). A refusal is logged, not retried: the person can ask again."""
    adapter = channels.adapter_for(channel)
    if isinstance(adapter, channels.WhatsAppCloud) and adapter.template:
        adapter = dataclasses.replace(adapter, template="")
    if not isinstance(adapter, channels.Sink):  # the provider's rate; the outbox has none
        throttle.wait_turn(channel)
    try:
        adapter.send(to, text, key=key)
    except channels.DeliveryError as exc:
        logger.warning("Chat reply %s failed: %s", key, exc)
        return False
    return True


@cron("40 2 * * *")
@task()
def purge_expired_conversations() -> int:
    """Every night: delete conversations and sender identifiers past `CHAT_RETENTION_DAYS`."""
    return purge_conversations()

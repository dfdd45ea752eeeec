"""The Telegram bot's incoming side: `/start <payload>` messages from the webhook.

A bot may only write to people who started it, so apps hand out links
`https://t.me/<TELEGRAM_BOT_USERNAME>?start=<payload>`. Messaging knows no app: an app
registers a handler for the payloads that begin with its prefix (in its `AppConfig.ready`),
and the handler gets the rest of the payload and the chat id and returns the reply to send
(or None for a payload it does not accept).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from cegah.messaging import channels

logger = logging.getLogger(__name__)

StartHandler = Callable[[str, str], str | None]
_handlers: dict[str, StartHandler] = {}
# Every other update goes to one handler (the assistant, `cegah.chat`), which queues its own
# replies; messaging imports no app.
MessageHandler = Callable[[dict[str, Any]], None]
_message_handler: MessageHandler | None = None


def register_start_handler(prefix: str, handler: StartHandler) -> None:
    """Route `/start <prefix>…` payloads to `handler(rest, chat_id)`."""
    if not prefix or not prefix.isalpha():
        raise ValueError("A start prefix is one or more letters.")
    _handlers[prefix] = handler


def register_message_handler(handler: MessageHandler) -> None:
    """Give every update that is not a `/start <payload>` message to `handler(update)`."""
    global _message_handler
    _message_handler = handler


def dispatch_message(update: dict[str, Any]) -> None:
    """Hand an update that no start handler took to the message handler, if one is set."""
    if _message_handler is not None:
        _message_handler(update)


def start_link(bot_username: str, payload: str) -> str:
    """The deep link that opens the bot and sends `/start <payload>` when pressed."""
    return f"https://t.me/{bot_username}?start={payload}"


def start_payload(update: dict[str, Any]) -> tuple[str, str] | None:
    """The chat id and payload of a private `/start <payload>` message, or None."""
    message = update.get("message")
    if not isinstance(message, dict):
        return None
    chat = message.get("chat")
    text = message.get("text")
    if not isinstance(chat, dict) or chat.get("type") != "private" or not isinstance(text, str):
        return None
    command, _sep, payload = text.strip().partition(" ")
    if command.split("@", 1)[0] != "/start" or not payload.strip():
        return None
    chat_id = chat.get("id")
    if not isinstance(chat_id, int):
        return None
    return str(chat_id), payload.strip()


def reply_for(update: dict[str, Any]) -> tuple[str, str] | None:
    """Run the handler a start message's payload belongs to; the chat and the reply to send.
    A payload no handler accepts gets a short explanation."""
    found = start_payload(update)
    if found is None:
        return None
    chat_id, payload = found
    # The longest matching prefix wins, so "ka" and "k" can live side by side.
    for prefix in sorted(_handlers, key=len, reverse=True):
        if payload.startswith(prefix):
            reply = _handlers[prefix](payload[len(prefix) :], chat_id)
            if reply is not None:
                return chat_id, reply
            break
    logger.info("Telegram: start payload not accepted from chat %s", chat_id)
    with translation.override("id"):
        return chat_id, _(
            "This link is not valid (any more). Open your page on the platform again and "
            "use the Telegram link there."
        )


def webhook_url() -> str:
    """Where Telegram should POST updates: this site's `/telegram/webhook/`."""
    return settings.SITE_URL + reverse("messaging:telegram_webhook")


def set_webhook(url: str) -> dict[str, Any]:
    """Tell Telegram to POST the bot's messages to `url` with `TELEGRAM_WEBHOOK_SECRET`
    (the Bot API's `setWebhook`); raises DeliveryError when Telegram refuses."""
    base = settings.TELEGRAM_API_BASE.rstrip("/")
    endpoint = f"{base}/bot{settings.TELEGRAM_BOT_TOKEN}/setWebhook"
    answer = channels._post_json(
        endpoint,
        {
            "url": url,
            "secret_token": settings.TELEGRAM_WEBHOOK_SECRET,
            "allowed_updates": ["message"],
        },
        {},
    )
    if not answer.get("ok"):
        raise channels.DeliveryError(f"Telegram refused the webhook: {answer!r:.300}")
    return answer

"""Telegram: ordinary messages to the bot go to the assistant.

Messaging's webhook (`/telegram/webhook/`, secret-token checked there) keeps `/start <payload>`
for the apps that hand out links, and gives every other update to `on_update` (registered in
`ChatConfig.ready`). Only private chats are answered; an update Telegram delivers twice (the
same `update_id`) is answered once. `CHAT_TELEGRAM_ENABLED` turns the assistant off on a bot
that should only send reminders.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from cegah.chat.actions import Incoming, handle_message
from cegah.chat.media import MediaPhoto
from cegah.chat.models import ChannelKind

# Telegram sends several sizes of a photo; the largest below this many bytes is taken.
MAX_PHOTO_BYTES = 5 * 1024 * 1024


def incoming_from(update: dict[str, Any]) -> Incoming | None:
    """The assistant's view of a Telegram update, or None for one it does not answer."""
    message = update.get("message")
    if not isinstance(message, dict):
        return None
    chat = message.get("chat")
    if not isinstance(chat, dict) or chat.get("type") != "private":
        return None
    chat_id = chat.get("id")
    if not isinstance(chat_id, int) or isinstance(chat_id, bool):
        return None
    text = message.get("text") or message.get("caption") or ""
    if not isinstance(text, str):
        text = ""
    photo = _photo(message)
    if not text.strip() and photo is None:
        return None
    update_id = update.get("update_id")
    return Incoming(
        channel=ChannelKind.TELEGRAM,
        sender=str(chat_id),
        text=text[:5000],
        message_id=str(update_id) if isinstance(update_id, int) else "",
        photo=photo,
    )


def _photo(message: dict[str, Any]) -> MediaPhoto | None:
    sizes = message.get("photo")
    if isinstance(sizes, list):
        fitting = [
            s
            for s in sizes
            if isinstance(s, dict)
            and isinstance(s.get("file_id"), str)
            and int(s.get("file_size") or 0) <= MAX_PHOTO_BYTES
        ]
        if fitting:
            best = max(fitting, key=lambda s: int(s.get("width", 0)) * int(s.get("height", 0)))
            return MediaPhoto(ChannelKind.TELEGRAM, best["file_id"])
    document = message.get("document")
    if (
        isinstance(document, dict)
        and str(document.get("mime_type", "")).startswith("image/")
        and isinstance(document.get("file_id"), str)
    ):
        return MediaPhoto(
            ChannelKind.TELEGRAM, document["file_id"], str(document.get("file_name") or "photo")
        )
    return None


def on_update(update: dict[str, Any]) -> None:
    """Answer a Telegram update that is not a `/start <payload>` message."""
    if not settings.CHAT_TELEGRAM_ENABLED:
        return
    incoming = incoming_from(update)
    if incoming is not None:
        handle_message(incoming)

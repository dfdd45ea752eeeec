"""WhatsApp Cloud API webhooks: the verify handshake, the signature, and the messages.

Meta signs each POST with `X-Hub-Signature-256: sha256=<HMAC-SHA256 of the raw body with the
app secret>`; a request without the right signature is refused (403) before its body is read
as JSON. One POST may carry several messages and status updates (sent, delivered, read);
statuses are ignored. Meta retries a delivery it did not see answered with 200, so each
message is answered once by its id (`actions.handle_message`).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterator
from typing import Any

from cegah.chat.actions import Incoming
from cegah.chat.media import MediaPhoto
from cegah.chat.models import ChannelKind


def signature_ok(body: bytes, header: str, secret: str) -> bool:
    """Whether `header` is the HMAC-SHA256 of `body` with `secret` (constant-time)."""
    if not secret or not header.startswith("sha256="):
        return False
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header.removeprefix("sha256=").strip().lower())


def _text(message: dict[str, Any]) -> str:
    kind = message.get("type")
    if kind == "text":
        return str((message.get("text") or {}).get("body") or "")
    if kind == "image":
        return str((message.get("image") or {}).get("caption") or "")
    if kind == "interactive":
        data = message.get("interactive") or {}
        reply = data.get("button_reply") or data.get("list_reply") or {}
        return str(reply.get("id") or reply.get("title") or "")
    if kind == "button":
        return str((message.get("button") or {}).get("payload") or "")
    return ""


def messages_in(payload: Any) -> Iterator[Incoming]:
    """Each message of a webhook payload the assistant answers (text, photo, a pressed
    button), in order; statuses and other kinds are skipped."""
    if not isinstance(payload, dict) or payload.get("object") != "whatsapp_business_account":
        return
    for entry in payload.get("entry") or []:
        if not isinstance(entry, dict):
            continue
        for change in entry.get("changes") or []:
            if not isinstance(change, dict) or change.get("field") != "messages":
                continue
            value = change.get("value") or {}
            if not isinstance(value, dict):
                continue
            for message in value.get("messages") or []:
                found = _incoming(message)
                if found is not None:
                    yield found


def _incoming(message: Any) -> Incoming | None:
    if not isinstance(message, dict):
        return None
    sender = str(message.get("from") or "")
    message_id = str(message.get("id") or "")
    if not sender.isdigit() or not message_id:
        return None
    photo = None
    if message.get("type") == "image":
        image = message.get("image") or {}
        if isinstance(image, dict) and image.get("id"):
            photo = MediaPhoto(ChannelKind.WHATSAPP, str(image["id"]))
    text = _text(message)
    # A voice note, sticker, video or location gets the menu (the assistant reads text and
    # photos); a reaction to a message is not a message.
    if not text.strip() and photo is None and message.get("type") in {"reaction", "unsupported"}:
        return None
    return Incoming(
        channel=ChannelKind.WHATSAPP,
        sender=sender,
        text=text[:5000],
        message_id=message_id,
        photo=photo,
    )

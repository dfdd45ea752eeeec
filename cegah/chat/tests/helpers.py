"""Plain helpers of the chat tests: recorded payloads, signed posts, the replies sent."""

from __future__ import annotations

import copy
import hashlib
import hmac
import io
import itertools
import json
from pathlib import Path
from typing import Any

from django.test import Client
from PIL import Image

from cegah.chat.tests.conftest import TELEGRAM_SECRET, WHATSAPP_SECRET
from cegah.messaging.models import OutboxMessage

PAYLOADS = Path(__file__).with_name("payloads")
TELEGRAM_URL = "/telegram/webhook/"
WHATSAPP_URL = "/hooks/whatsapp"
TELEGRAM_CHAT = "5550123456"
WHATSAPP_NUMBER = "6281234567890"


def payload(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((PAYLOADS / f"{name}.json").read_text())
    return data


def sign(body: bytes, secret: str = WHATSAPP_SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def post_whatsapp(client: Client, data: object, *, signature: str | None = None) -> Any:
    body = json.dumps(data).encode()
    headers = {"X-Hub-Signature-256": sign(body) if signature is None else signature}
    return client.post(WHATSAPP_URL, body, content_type="application/json", headers=headers)


def post_telegram(client: Client, data: object) -> Any:
    return client.post(
        TELEGRAM_URL,
        json.dumps(data),
        content_type="application/json",
        headers={"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET},
    )


_update_ids = itertools.count(900_001)


class TelegramChat:
    """A person writing to the bot: each `say` is a new update of the recorded shape."""

    def __init__(self, client: Client, chat_id: int = int(TELEGRAM_CHAT)) -> None:
        self.client = client
        self.chat_id = chat_id
        self.update_id = 0

    def say(self, text: str = "", *, photo_id: str = "") -> str:
        """Send a message; the bot's reply text."""
        self.update_id = next(_update_ids)
        data = copy.deepcopy(payload("telegram_photo" if photo_id else "telegram_text"))
        data["update_id"] = self.update_id
        message = data["message"]
        message["chat"]["id"] = message["from"]["id"] = self.chat_id
        if photo_id:
            message["photo"][-1]["file_id"] = photo_id
            if text:
                message["caption"] = text
        else:
            message["text"] = text
        before = OutboxMessage.objects.count()
        assert post_telegram(self.client, data).status_code == 200
        sent = OutboxMessage.objects.order_by("id")[before:]
        assert len(sent) == 1, f"expected one reply, got {len(sent)}"
        assert sent[0].recipient == str(self.chat_id)
        return sent[0].body


def whatsapp_text(text: str, message_id: str, number: str = WHATSAPP_NUMBER) -> dict[str, Any]:
    data = copy.deepcopy(payload("whatsapp_text"))
    message = data["entry"][0]["changes"][0]["value"]["messages"][0]
    message.update({"id": message_id, "from": number, "text": {"body": text}})
    return data


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 20), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "S", 2: (7.0, 42.0, 0.0), 3: "E", 4: (110.0, 36.0, 0.0)}
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def replies() -> list[OutboxMessage]:
    return list(OutboxMessage.objects.order_by("id"))

"""One way to send a short message to a person: `send(channel, to, text, key=…)`.

Adapters per channel:

- **email**: Django's mail path (`send_mail`); outside production the mail backend is the
  outbox table (`OutboxEmailBackend`), in production SMTP or anymail.
- **whatsapp**: the WhatsApp Cloud API (`POST {base}/{version}/{phone_number_id}/messages`,
  bearer token), a text message or, when `WHATSAPP_TEMPLATE` is set, that approved template
  with the text as its one body parameter (WhatsApp only allows free text within 24 hours of
  the person's last message, so production reminders need a template).
- **telegram**: a Telegram bot (`POST {base}/bot{token}/sendMessage`); `to` is the chat id.

WhatsApp and Telegram use their real adapter only in production and only when their
credentials are set; everywhere else (and in production without credentials) a **sink**
stores the message in the outbox table, where tests and developers read it.

`key` names the message for the receiver's logs and the sink (e.g. `reminder:12:2024-04-24`);
it does not deduplicate by itself: callers claim a unique row before sending (campaign
reminders: one `Reminder` row per participant and day, claimed with a lease). The sink keeps
every message it is given, duplicates included, so that a test or a bench that counts the
outbox sees what a real provider would have delivered.

`in_transaction(channel)`: whether the channel's messages are rows written in the caller's
database transaction (the sink). A caller that sends many messages may then send a batch and
record it as sent in one transaction: a worker that dies in between leaves neither. Inside
`with batch():` the sink collects its rows and writes them in one insert when the block ends
(a million campaign reminders are a thousand inserts, not a million); `send` keeps its
signature and behaviour for every adapter, so tests that stand in for it still see each call.
"""

from __future__ import annotations

import json
import logging
import smtplib
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings
from django.core.mail import send_mail

from cegah.messaging.models import Channel, OutboxMessage

logger = logging.getLogger(__name__)


class DeliveryError(Exception):
    """The provider refused the message or could not be reached. `transient`: trying again
    later may work (network error, timeout, HTTP 429 or 5xx); otherwise it will not (a bad
    number, a chat that never started the bot, a wrong token)."""

    def __init__(self, message: str, *, transient: bool = False) -> None:
        super().__init__(message)
        self.transient = transient


def is_transient_status(code: int) -> bool:
    """HTTP answers worth trying again: too many requests and the provider's own errors."""
    return code == 429 or code >= 500


class Adapter(Protocol):
    def send(self, to: str, text: str, *, key: str, subject: str = "") -> None: ...


class EmailAdapter:
    def send(self, to: str, text: str, *, key: str, subject: str = "") -> None:
        try:
            send_mail(subject or text.splitlines()[0][:120], text, None, [to])
        except smtplib.SMTPRecipientsRefused as exc:
            raise DeliveryError(f"Recipient refused: {exc.recipients!r:.300}") from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise DeliveryError(f"Mail server: {exc}"[:500], transient=True) from exc


# The sink's rows waiting for the end of a `batch()` block; None outside one.
_pending: ContextVar[list[OutboxMessage] | None] = ContextVar("outbox_pending", default=None)


@contextmanager
def batch() -> Iterator[None]:
    """Within the block the sink collects its messages and stores them in one insert at the
    end (nothing when the block raises); real providers send each message as it comes."""
    rows: list[OutboxMessage] = []
    token = _pending.set(rows)
    try:
        yield
        if rows:
            OutboxMessage.objects.bulk_create(rows, batch_size=1000)
    finally:
        _pending.reset(token)


@dataclass
class Sink:
    """Keeps the message in the outbox table instead of sending it."""

    channel: str

    def send(self, to: str, text: str, *, key: str, subject: str = "") -> None:
        message = OutboxMessage(
            channel=self.channel, recipient=to, subject=subject, body=text, key=key
        )
        pending = _pending.get()
        if pending is None:
            message.save()
        else:
            pending.append(message)
        logger.info("Outbox: %s to %s (%s)", self.channel, to, key)


def _post_json(url: str, payload: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
    data = json.dumps(payload).encode()
    request = urllib.request.Request(  # noqa: S310 -- https URL from settings
        url,
        data=data,
        method="POST",
        headers={"Content-Type": "application/json", "Accept": "application/json", **headers},
    )
    try:
        with urllib.request.urlopen(  # noqa: S310
            request, timeout=settings.MESSAGING_HTTP_TIMEOUT
        ) as response:
            body = response.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read()[:500].decode(errors="replace")
        raise DeliveryError(
            f"HTTP {exc.code}: {detail}", transient=is_transient_status(exc.code)
        ) from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise DeliveryError(str(exc), transient=True) from exc
    try:
        answer: dict[str, Any] = json.loads(body or b"{}")
    except ValueError as exc:
        # A 200 that is not the API's JSON comes from a proxy or an outage page.
        raise DeliveryError("The provider's answer is not JSON.", transient=True) from exc
    return answer


@dataclass
class WhatsAppCloud:
    """The WhatsApp Cloud API (Meta Graph API)."""

    token: str
    phone_number_id: str
    base_url: str = "https://graph.facebook.com"
    version: str = "v21.0"
    template: str = ""
    template_language: str = "id"

    def payload(self, to: str, text: str) -> dict[str, Any]:
        number = to.lstrip("+")  # the API takes the number in international form, no "+"
        if self.template:
            return {
                "messaging_product": "whatsapp",
                "to": number,
                "type": "template",
                "template": {
                    "name": self.template,
                    "language": {"code": self.template_language},
                    "components": [
                        {"type": "body", "parameters": [{"type": "text", "text": text}]}
                    ],
                },
            }
        return {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": number,
            "type": "text",
            "text": {"preview_url": True, "body": text},
        }

    def send(self, to: str, text: str, *, key: str, subject: str = "") -> None:
        url = f"{self.base_url.rstrip('/')}/{self.version}/{self.phone_number_id}/messages"
        answer = _post_json(url, self.payload(to, text), {"Authorization": f"Bearer {self.token}"})
        if not answer.get("messages"):
            raise DeliveryError(f"WhatsApp did not accept the message: {answer!r:.300}")
        logger.info("WhatsApp %s to %s: %s", key, to, answer["messages"][0].get("id"))


@dataclass
class TelegramBot:
    token: str
    base_url: str = "https://api.telegram.org"

    def send(self, to: str, text: str, *, key: str, subject: str = "") -> None:
        url = f"{self.base_url.rstrip('/')}/bot{self.token}/sendMessage"
        answer = _post_json(url, {"chat_id": to, "text": text}, {})
        if not answer.get("ok"):
            raise DeliveryError(f"Telegram did not accept the message: {answer!r:.300}")
        logger.info("Telegram %s to %s", key, to)


def adapter_for(channel: str) -> Adapter:
    """The adapter a channel uses with the current settings (read at each call)."""
    if channel == Channel.EMAIL:
        return EmailAdapter()
    live = settings.PRODUCTION or settings.MESSAGING_LIVE
    if channel == Channel.WHATSAPP:
        if live and settings.WHATSAPP_TOKEN and settings.WHATSAPP_PHONE_NUMBER_ID:
            return WhatsAppCloud(
                token=settings.WHATSAPP_TOKEN,
                phone_number_id=settings.WHATSAPP_PHONE_NUMBER_ID,
                base_url=settings.WHATSAPP_API_BASE,
                version=settings.WHATSAPP_API_VERSION,
                template=settings.WHATSAPP_TEMPLATE,
                template_language=settings.WHATSAPP_TEMPLATE_LANGUAGE,
            )
        return Sink(Channel.WHATSAPP)
    if channel == Channel.TELEGRAM:
        if live and settings.TELEGRAM_BOT_TOKEN:
            return TelegramBot(
                token=settings.TELEGRAM_BOT_TOKEN, base_url=settings.TELEGRAM_API_BASE
            )
        return Sink(Channel.TELEGRAM)
    raise ValueError(f"Unknown channel: {channel}")


def in_transaction(channel: str) -> bool:
    """True when `channel` stores its messages in the database inside the caller's
    transaction (the sink) instead of handing them to a provider that cannot take them back."""
    return isinstance(adapter_for(channel), Sink)


def send(channel: str, to: str, text: str, *, key: str, subject: str = "") -> None:
    """Send `text` to `to` through `channel`; raises DeliveryError when the provider refuses."""
    adapter_for(channel).send(to, text, key=key, subject=subject)

"""The message channels: sinks outside production, the real WhatsApp Cloud API and Telegram
bot adapters in production (tried against an HTTP server on 127.0.0.1)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.core import mail
from pytest_django.fixtures import Settings as SettingsWrapper

from cegah.messaging import channels
from cegah.messaging.models import Channel, OutboxMessage


@dataclass
class FakeProvider:
    """A loopback HTTP server that records each request and answers with `answer`."""

    url: str
    requests: list[dict[str, Any]] = field(default_factory=list)
    answer: dict[str, Any] = field(default_factory=dict)
    status: int = 200


@pytest.fixture
def provider() -> Iterator[FakeProvider]:
    fake = FakeProvider(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers["Content-Length"])
            fake.requests.append(
                {
                    "path": self.path,
                    "headers": dict(self.headers),
                    "body": json.loads(self.rfile.read(length)),
                }
            )
            data = json.dumps(fake.answer).encode()
            self.send_response(fake.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.url = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield fake
    server.shutdown()
    server.server_close()


@pytest.fixture
def production(settings: SettingsWrapper, provider: FakeProvider) -> SettingsWrapper:
    settings.PRODUCTION = True
    settings.WHATSAPP_TOKEN = "wa-secret"
    settings.WHATSAPP_PHONE_NUMBER_ID = "1098765"
    settings.WHATSAPP_API_BASE = provider.url
    settings.WHATSAPP_API_VERSION = "v21.0"
    settings.WHATSAPP_TEMPLATE = ""
    settings.TELEGRAM_BOT_TOKEN = "123:tg-secret"
    settings.TELEGRAM_API_BASE = provider.url
    return settings


@pytest.mark.django_db
@pytest.mark.parametrize("channel", [Channel.WHATSAPP, Channel.TELEGRAM])
def test_outside_production_whatsapp_and_telegram_land_in_the_outbox(
    channel: str, settings: SettingsWrapper
) -> None:
    settings.WHATSAPP_TOKEN = "set-but-not-production"
    settings.TELEGRAM_BOT_TOKEN = "set-but-not-production"
    channels.send(channel, "+6281234567890", "Halo, jangan lupa hari ini.", key="test:1")
    message = OutboxMessage.objects.get()
    assert (message.channel, message.recipient, message.body, message.key) == (
        channel,
        "+6281234567890",
        "Halo, jangan lupa hari ini.",
        "test:1",
    )


@pytest.mark.django_db
def test_production_without_credentials_still_uses_the_sink(settings: SettingsWrapper) -> None:
    settings.PRODUCTION = True
    settings.WHATSAPP_TOKEN = ""
    settings.TELEGRAM_BOT_TOKEN = ""
    assert isinstance(channels.adapter_for(Channel.WHATSAPP), channels.Sink)
    assert isinstance(channels.adapter_for(Channel.TELEGRAM), channels.Sink)


@pytest.mark.django_db
def test_email_goes_through_the_mail_path() -> None:
    channels.send(Channel.EMAIL, "asn@klaten.example.org", "Isi pesan", key="k", subject="Judul")
    (email,) = mail.outbox
    assert (email.to, email.subject, email.body) == (
        ["asn@klaten.example.org"],
        "Judul",
        "Isi pesan",
    )


@pytest.mark.django_db
def test_whatsapp_cloud_api_gets_a_text_message_with_the_bearer_token(
    production: SettingsWrapper, provider: FakeProvider
) -> None:
    provider.answer = {"messaging_product": "whatsapp", "messages": [{"id": "wamid.X"}]}
    channels.send(Channel.WHATSAPP, "+6281234567890", "Halo Sri", key="r:1")
    (request,) = provider.requests
    assert request["path"] == "/v21.0/1098765/messages"
    assert request["headers"]["Authorization"] == "Bearer wa-secret"
    assert request["headers"]["Content-Type"] == "application/json"
    assert request["body"] == {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": "6281234567890",
        "type": "text",
        "text": {"preview_url": True, "body": "Halo Sri"},
    }
    assert not OutboxMessage.objects.exists()


@pytest.mark.django_db
def test_whatsapp_uses_the_approved_template_when_one_is_set(
    production: SettingsWrapper, provider: FakeProvider
) -> None:
    production.WHATSAPP_TEMPLATE = "pengingat_kampanye"
    provider.answer = {"messages": [{"id": "wamid.Y"}]}
    channels.send(Channel.WHATSAPP, "+6281234567890", "Halo Sri", key="r:2")
    body = provider.requests[0]["body"]
    assert body["type"] == "template"
    assert body["template"] == {
        "name": "pengingat_kampanye",
        "language": {"code": "id"},
        "components": [{"type": "body", "parameters": [{"type": "text", "text": "Halo Sri"}]}],
    }


@pytest.mark.django_db
def test_whatsapp_refusal_is_a_delivery_error(
    production: SettingsWrapper, provider: FakeProvider
) -> None:
    provider.status = 400
    provider.answer = {"error": {"message": "Invalid parameter", "code": 100}}
    with pytest.raises(channels.DeliveryError, match=r"HTTP 400.*Invalid parameter"):
        channels.send(Channel.WHATSAPP, "+6281234567890", "Halo", key="r:3")


@pytest.mark.django_db
def test_telegram_bot_gets_send_message_with_the_chat_id(
    production: SettingsWrapper, provider: FakeProvider
) -> None:
    provider.answer = {"ok": True, "result": {"message_id": 7}}
    channels.send(Channel.TELEGRAM, "424242", "Halo Budi", key="r:4")
    (request,) = provider.requests
    assert request["path"] == "/bot123:tg-secret/sendMessage"
    assert request["body"] == {"chat_id": "424242", "text": "Halo Budi"}
    assert "Authorization" not in request["headers"]


@pytest.mark.django_db
def test_telegram_not_ok_is_a_delivery_error(
    production: SettingsWrapper, provider: FakeProvider
) -> None:
    provider.answer = {"ok": False, "description": "chat not found"}
    with pytest.raises(channels.DeliveryError, match="chat not found"):
        channels.send(Channel.TELEGRAM, "1", "Halo", key="r:5")


def test_an_unreachable_provider_is_a_delivery_error(settings: SettingsWrapper) -> None:
    settings.MESSAGING_HTTP_TIMEOUT = 2
    adapter = channels.TelegramBot(token="t", base_url="http://127.0.0.1:9")  # discard port
    with pytest.raises(channels.DeliveryError):
        adapter.send("1", "Halo", key="r:6")

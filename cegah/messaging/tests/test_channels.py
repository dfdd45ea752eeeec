"""The message channels: sinks outside production, the real WhatsApp Cloud API and Telegram
bot adapters in production (tried against an HTTP server on 127.0.0.1)."""

from __future__ import annotations

import smtplib
from typing import Any

import pytest
from django.core import mail
from pytest_django.fixtures import Settings as SettingsWrapper

from cegah.messaging import channels
from cegah.messaging.models import Channel, OutboxMessage
from cegah.messaging.tests.conftest import FakeProvider


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


@pytest.mark.django_db
@pytest.mark.parametrize(("status", "transient"), [(429, True), (503, True), (400, False)])
def test_too_many_requests_and_server_errors_are_transient_other_refusals_are_not(
    production: SettingsWrapper, provider: FakeProvider, status: int, transient: bool
) -> None:
    provider.status = status
    provider.answer = {"ok": False, "description": "nope"}
    with pytest.raises(channels.DeliveryError) as caught:
        channels.send(Channel.TELEGRAM, "1", "Halo", key="r:7")
    assert caught.value.transient is transient


def test_an_unreachable_provider_is_a_transient_error(settings: SettingsWrapper) -> None:
    settings.MESSAGING_HTTP_TIMEOUT = 2
    adapter = channels.TelegramBot(token="t", base_url="http://127.0.0.1:9")
    with pytest.raises(channels.DeliveryError) as caught:
        adapter.send("1", "Halo", key="r:8")
    assert caught.value.transient


@pytest.mark.django_db
def test_a_mail_server_that_is_down_is_transient_a_refused_recipient_is_not(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def down(*args: Any, **kwargs: Any) -> None:
        raise smtplib.SMTPServerDisconnected("gone")

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise smtplib.SMTPRecipientsRefused({"x@example.org": (550, b"no such user")})

    monkeypatch.setattr(channels, "send_mail", down)
    with pytest.raises(channels.DeliveryError) as caught:
        channels.send(Channel.EMAIL, "x@example.org", "Isi", key="k")
    assert caught.value.transient
    monkeypatch.setattr(channels, "send_mail", refuse)
    with pytest.raises(channels.DeliveryError) as caught:
        channels.send(Channel.EMAIL, "x@example.org", "Isi", key="k")
    assert not caught.value.transient

"""The Telegram bot's webhook: only Telegram (holding the secret) may call it, `/start`
payloads go to the handler registered for their prefix, and the reply leaves through the
channel (the outbox outside production)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from pytest_django.fixtures import Settings as SettingsWrapper

from cegah.messaging import telegram
from cegah.messaging.models import OutboxMessage
from cegah.messaging.tests.conftest import FakeProvider

pytestmark = pytest.mark.django_db
URL = "/telegram/webhook/"
SECRET = "s3cret_token-for-tests"


@pytest.fixture(autouse=True)
def _secret(settings: SettingsWrapper) -> None:
    settings.TELEGRAM_WEBHOOK_SECRET = SECRET


@pytest.fixture
def seen(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, str]]]:
    """A handler for payloads starting with "zz" that accepts "zz7" only."""
    calls: list[tuple[str, str]] = []

    def handler(rest: str, chat_id: str) -> str | None:
        calls.append((rest, chat_id))
        return "Terhubung." if rest == "7" else None

    monkeypatch.setattr(telegram, "_handlers", {**telegram._handlers})
    telegram.register_start_handler("zz", handler)
    yield calls


def update(text: str, *, chat_type: str = "private", chat_id: int = 4242) -> dict[str, Any]:
    return {
        "update_id": 1001,
        "message": {
            "message_id": 5,
            "chat": {"id": chat_id, "type": chat_type},
            "from": {"id": chat_id, "is_bot": False, "first_name": "Sri"},
            "text": text,
        },
    }


def post(client: Client, body: object, secret: str | None = SECRET) -> Any:
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
    return client.post(URL, json.dumps(body), content_type="application/json", headers=headers)


def test_without_the_secret_the_webhook_answers_403(
    client: Client, seen: list[tuple[str, str]]
) -> None:
    assert post(client, update("/start zz7"), secret=None).status_code == 403
    assert post(client, update("/start zz7"), secret="wrong").status_code == 403
    assert client.get(URL).status_code == 405
    assert not seen and not OutboxMessage.objects.exists()


def test_with_no_secret_configured_the_webhook_is_off(
    client: Client, settings: SettingsWrapper
) -> None:
    settings.TELEGRAM_WEBHOOK_SECRET = ""
    assert post(client, update("/start zz7"), secret="").status_code == 403


def test_a_start_payload_goes_to_its_handler_and_the_reply_to_the_chat(
    client: Client, seen: list[tuple[str, str]]
) -> None:
    response = post(client, update("/start zz7"))
    assert response.status_code == 200
    assert seen == [("7", "4242")]
    reply = OutboxMessage.objects.get()
    assert (reply.channel, reply.recipient, reply.body, reply.key) == (
        "telegram",
        "4242",
        "Terhubung.",
        "telegram-start:1001",
    )


def test_a_payload_nobody_accepts_gets_an_explanation(
    client: Client, seen: list[tuple[str, str]]
) -> None:
    assert post(client, update("/start zz8")).status_code == 200
    assert post(client, update("/start unknown")).status_code == 200
    bodies = list(OutboxMessage.objects.values_list("body", flat=True))
    assert len(bodies) == 2
    assert all("Tautan ini tidak berlaku" in b for b in bodies)


@pytest.mark.parametrize(
    "body",
    [
        update("halo"),
        update("/start"),
        update("/start zz7", chat_type="group"),
        {"update_id": 3, "edited_message": {}},
        ["not", "an", "update"],
        "{broken",
    ],
)
def test_anything_else_is_answered_200_and_ignored(
    client: Client, seen: list[tuple[str, str]], body: object
) -> None:
    assert post(client, body).status_code == 200
    assert not seen and not OutboxMessage.objects.exists()


def test_the_command_registers_the_webhook_with_its_secret(
    production: SettingsWrapper, provider: FakeProvider
) -> None:
    production.SITE_URL = "https://cegah.example"
    production.TELEGRAM_WEBHOOK_SECRET = SECRET
    provider.answer = {"ok": True, "result": True, "description": "Webhook was set"}
    call_command("telegram_set_webhook")
    (request,) = provider.requests
    assert request["path"] == "/bot123:tg-secret/setWebhook"
    assert request["body"] == {
        "url": "https://cegah.example/telegram/webhook/",
        "secret_token": SECRET,
        "allowed_updates": ["message"],
    }


def test_the_command_in_dry_run_sends_nothing_and_refuses_without_settings(
    production: SettingsWrapper, provider: FakeProvider, capsys: pytest.CaptureFixture[str]
) -> None:
    production.SITE_URL = "https://cegah.example"
    call_command("telegram_set_webhook", "--dry-run")
    assert "https://cegah.example/telegram/webhook/" in capsys.readouterr().out
    assert not provider.requests
    production.TELEGRAM_WEBHOOK_SECRET = ""
    with pytest.raises(CommandError):
        call_command("telegram_set_webhook")


def test_a_refusal_from_telegram_is_a_command_error(
    production: SettingsWrapper, provider: FakeProvider
) -> None:
    production.SITE_URL = "https://cegah.example"
    provider.status = 400
    provider.answer = {"ok": False, "description": "bad webhook: HTTPS url must be provided"}
    with pytest.raises(CommandError, match="bad webhook"):
        call_command("telegram_set_webhook")

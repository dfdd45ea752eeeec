"""Telegram: messaging's webhook keeps `/start <payload>` for the apps that own payloads and
hands every other private message to the assistant; replies leave through the outbox."""

from __future__ import annotations

import pytest
from django.test import Client
from pytest_django.fixtures import Settings as SettingsWrapper

from cegah.chat.models import Conversation, Delivery
from cegah.chat.tests.helpers import (
    TELEGRAM_CHAT,
    TELEGRAM_URL,
    payload,
    post_telegram,
    replies,
)
from cegah.messaging import telegram as messaging_telegram
from cegah.messaging.models import OutboxMessage

pytestmark = pytest.mark.django_db


def test_an_ordinary_message_is_answered_by_the_assistant(client: Client) -> None:
    assert post_telegram(client, payload("telegram_text")).status_code == 200
    (reply,) = replies()
    assert (reply.channel, reply.recipient) == ("telegram", TELEGRAM_CHAT)
    assert reply.key == "chat:telegram:845123001"
    # "amplop nikahan 1 juta harus lapor gak?": money, a wedding, Rp1,000,000 are taken from
    # the message; the gift check asks for the date next.
    assert "Kapan Anda menerimanya?" in reply.body
    conversation = Conversation.objects.get()
    assert conversation.answers == {
        "form": "money",
        "value_idr": 1_000_000,
        "occasion": "wedding",
    }


def test_the_secret_token_is_still_required(client: Client) -> None:
    import json

    answer = client.post(
        TELEGRAM_URL,
        json.dumps(payload("telegram_text")),
        content_type="application/json",
        headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"},
    )
    assert answer.status_code == 403
    assert not OutboxMessage.objects.exists() and not Conversation.objects.exists()


def test_an_update_delivered_twice_is_answered_once(client: Client) -> None:
    post_telegram(client, payload("telegram_text"))
    post_telegram(client, payload("telegram_text"))
    assert len(replies()) == 1
    assert Delivery.objects.get().message_id == "845123001"


def test_group_chats_are_not_answered(client: Client) -> None:
    assert post_telegram(client, payload("telegram_group")).status_code == 200
    assert not OutboxMessage.objects.exists() and not Conversation.objects.exists()


def test_with_the_assistant_turned_off_the_bot_only_links_chats(
    client: Client, settings: SettingsWrapper
) -> None:
    settings.CHAT_TELEGRAM_ENABLED = False
    assert post_telegram(client, payload("telegram_text")).status_code == 200
    assert not OutboxMessage.objects.exists()


def test_start_payloads_still_go_to_their_handler(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(messaging_telegram, "_handlers", {**messaging_telegram._handlers})
    messaging_telegram.register_start_handler("zz", lambda rest, chat: "Terhubung.")
    data = payload("telegram_text")
    data["message"]["text"] = "/start zz7"
    post_telegram(client, data)
    (reply,) = replies()
    assert reply.body == "Terhubung."
    assert not Conversation.objects.exists()


def test_start_without_a_payload_shows_the_menu(client: Client) -> None:
    data = payload("telegram_text")
    data["message"]["text"] = "/start"
    post_telegram(client, data)
    (reply,) = replies()
    assert "/hadiah" in reply.body and "/lapor" in reply.body

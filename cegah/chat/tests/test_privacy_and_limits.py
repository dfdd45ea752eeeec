"""Per-sender rate limits, and logs that never carry what people wrote."""

from __future__ import annotations

import logging

import pytest
from django.test import Client
from pytest_django.fixtures import Settings as SettingsWrapper

from cegah.chat.tests.helpers import TelegramChat, payload, post_telegram, replies

pytestmark = pytest.mark.django_db


def test_a_sender_over_the_limit_is_told_once_and_others_are_not_affected(
    client: Client, settings: SettingsWrapper
) -> None:
    settings.CHAT_SENDER_RATE = "3/minute;100/day"
    chat = TelegramChat(client)
    for _ in range(3):
        chat.say("halo")
    assert "terlalu cepat" in chat.say("halo")
    # The next refused messages get no reply at all (no flood back).
    data = payload("telegram_text")
    data["update_id"] = 999_999
    before = len(replies())
    assert post_telegram(client, data).status_code == 200
    assert len(replies()) == before
    # Another chat still gets answers.
    assert "terlalu cepat" not in TelegramChat(client, chat_id=777).say("halo")


def test_the_web_page_refuses_with_429_over_the_limit(
    client: Client, settings: SettingsWrapper
) -> None:
    settings.CHAT_SENDER_RATE = "2/minute"
    for index in range(2):
        assert (
            client.post("/tanya/", {"text": "halo", "token": f"token-{index}" * 4}).status_code
            == 302
        )
    refused = client.post("/tanya/", {"text": "halo", "token": "token-x" * 4})
    assert refused.status_code == 429
    assert "terlalu cepat" in refused.content.decode()


def test_the_web_address_limit_applies_whatever_the_cookies(
    settings: SettingsWrapper,
) -> None:
    settings.CHAT_ADDRESS_RATE = "2/minute"
    for index in range(2):
        fresh = Client()
        assert (
            fresh.post("/tanya/", {"text": "halo", "token": f"tok-{index}" * 5}).status_code == 302
        )
    assert Client().post("/tanya/", {"text": "halo", "token": "tok-x" * 5}).status_code == 429


def test_logs_carry_no_message_text(
    client: Client, caplog: pytest.LogCaptureFixture, regions: None
) -> None:
    secret = "Pak Camat Wibowo minta setoran 7 juta tiap bulan di kantor"
    caplog.set_level(logging.DEBUG)
    chat = TelegramChat(client)
    chat.say("/lapor")
    chat.say("1")
    chat.say("Klaten Tengah")
    chat.say("lewati")
    chat.say(secret)
    chat.say("gimana cara lapor pungli Wibowo?")
    client.post("/tanya/", {"text": "Wibowo minta setoran", "token": "w" * 20})
    assert caplog.records, "the chat logs what happens"
    logged = caplog.text
    assert "Wibowo" not in logged
    assert "setoran" not in logged
    assert any(r.name.startswith("cegah.chat") for r in caplog.records)

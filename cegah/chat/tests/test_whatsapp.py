"""The WhatsApp Cloud API webhook against recorded payloads: the verify handshake, the
signature (403 when wrong), statuses ignored, a delivery repeated or retried answered once."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from cegah.chat import dialogue
from cegah.chat.models import Conversation, Delivery
from cegah.chat.tests.conftest import VERIFY_TOKEN
from cegah.chat.tests.helpers import (
    WHATSAPP_NUMBER,
    WHATSAPP_URL,
    payload,
    post_whatsapp,
    replies,
    whatsapp_text,
)
from cegah.messaging.models import OutboxMessage

pytestmark = pytest.mark.django_db


def test_the_verify_handshake_echoes_the_challenge_only_with_the_token(client: Client) -> None:
    ok = client.get(
        WHATSAPP_URL,
        {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1158201444"},
    )
    assert ok.status_code == 200
    assert ok.content == b"1158201444"
    wrong = client.get(
        WHATSAPP_URL,
        {"hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "1158201444"},
    )
    assert wrong.status_code == 403
    assert b"1158201444" not in wrong.content
    assert client.get(WHATSAPP_URL, {"hub.challenge": "x"}).status_code == 403


def test_with_no_verify_token_configured_the_handshake_is_refused(
    client: Client, settings: object
) -> None:
    settings.WHATSAPP_VERIFY_TOKEN = ""  # type: ignore[attr-defined]
    answer = client.get(
        WHATSAPP_URL, {"hub.mode": "subscribe", "hub.verify_token": "", "hub.challenge": "1"}
    )
    assert answer.status_code == 403


def test_a_wrong_or_missing_signature_is_refused_with_403_and_nothing_is_answered(
    client: Client,
) -> None:
    data = payload("whatsapp_text")
    assert post_whatsapp(client, data, signature="sha256=" + "0" * 64).status_code == 403
    assert post_whatsapp(client, data, signature="").status_code == 403
    # Signed with another secret, or over another body.
    body = json.dumps(data).encode()
    from cegah.chat.tests.helpers import sign

    assert post_whatsapp(client, data, signature=sign(body, "other-secret")).status_code == 403
    assert post_whatsapp(client, data, signature=sign(body + b" ")).status_code == 403
    assert not OutboxMessage.objects.exists()
    assert not Conversation.objects.exists()


def test_with_no_app_secret_configured_every_post_is_refused(
    client: Client, settings: object
) -> None:
    settings.WHATSAPP_APP_SECRET = ""  # type: ignore[attr-defined]
    assert post_whatsapp(client, payload("whatsapp_text"), signature="sha256=").status_code == 403


def test_a_text_message_is_answered_in_its_language_to_the_sender(client: Client) -> None:
    response = post_whatsapp(client, payload("whatsapp_text"))
    assert response.status_code == 200
    (reply,) = replies()
    assert (reply.channel, reply.recipient) == ("whatsapp", WHATSAPP_NUMBER)
    # "Is this gift something I must report? A wedding gift of 2 million": the gift check,
    # in English, asking for what the message did not say.
    assert "What was the gift?" in reply.body
    assert "1. " in reply.body
    conversation = Conversation.objects.get()
    assert (conversation.channel, conversation.language, conversation.tool) == (
        "whatsapp",
        "en",
        "gift",
    )
    assert conversation.answers["value_idr"] == 2_000_000
    assert conversation.answers["occasion"] == "wedding"


def test_a_status_update_is_accepted_and_ignored(client: Client) -> None:
    assert post_whatsapp(client, payload("whatsapp_status")).status_code == 200
    assert not OutboxMessage.objects.exists()
    assert not Conversation.objects.exists()
    assert not Delivery.objects.exists()


def test_the_same_delivery_twice_is_answered_once(client: Client) -> None:
    data = payload("whatsapp_text")
    assert post_whatsapp(client, data).status_code == 200
    assert post_whatsapp(client, data).status_code == 200
    assert len(replies()) == 1
    assert Delivery.objects.count() == 1
    # The conversation moved one step, not two.
    assert Conversation.objects.get().step == "form"


def test_a_retry_after_a_failure_is_answered_once(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Meta retries what it did not see answered with 200; the failed attempt left nothing
    behind (the delivery's record rolled back with it), so the retry is answered, once."""
    real = dialogue.respond
    calls = {"n": 0}

    def failing_once(*args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("database hiccup")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(dialogue, "respond", failing_once)
    data = payload("whatsapp_text")
    client.raise_request_exception = False
    assert post_whatsapp(client, data).status_code == 500
    assert not Delivery.objects.exists() and not replies()
    assert post_whatsapp(client, data).status_code == 200
    assert post_whatsapp(client, data).status_code == 200
    assert len(replies()) == 1


def test_an_unparsable_or_foreign_body_is_answered_200_and_ignored(client: Client) -> None:
    for data in ({"object": "page", "entry": []}, ["x"], {"object": "whatsapp_business_account"}):
        assert post_whatsapp(client, data).status_code == 200
    body = b"{broken"
    from cegah.chat.tests.helpers import sign

    answer = client.post(
        WHATSAPP_URL,
        body,
        content_type="application/json",
        headers={"X-Hub-Signature-256": sign(body)},
    )
    assert answer.status_code == 200
    assert not OutboxMessage.objects.exists()


def test_two_senders_have_their_own_conversations(client: Client) -> None:
    post_whatsapp(client, whatsapp_text("halo", "wamid.A1"))
    post_whatsapp(client, whatsapp_text("halo", "wamid.B1", number="6285700000001"))
    assert sorted(r.recipient for r in replies()) == ["6281234567890", "6285700000001"]
    assert Conversation.objects.count() == 2


def test_a_voice_note_gets_the_menu_and_a_reaction_nothing(client: Client) -> None:
    data = whatsapp_text("", "wamid.voice1")
    message = data["entry"][0]["changes"][0]["value"]["messages"][0]
    del message["text"]
    message.update({"type": "audio", "audio": {"id": "2233", "mime_type": "audio/ogg"}})
    post_whatsapp(client, data)
    (reply,) = replies()
    assert "/lapor" in reply.body
    message.update({"id": "wamid.react1", "type": "reaction", "reaction": {"emoji": "👍"}})
    del message["audio"]
    post_whatsapp(client, data)
    assert len(replies()) == 1

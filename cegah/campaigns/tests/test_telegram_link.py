"""Connecting Telegram from the personal page: the bot link carries a signed payload, and the
`/start` message Telegram sends to the webhook stores the participant's chat."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from pytest_django.fixtures import Settings as SettingsWrapper

from cegah.campaigns import reminders
from cegah.campaigns.access import personal_token, telegram_payload
from cegah.campaigns.models import Campaign, Participant, Reminder, Status
from cegah.campaigns.tests.conftest import People
from cegah.campaigns.tests.factories import make_campaign
from cegah.messaging.models import OutboxMessage

pytestmark = pytest.mark.django_db
SECRET = "webhook-secret"


@pytest.fixture(autouse=True)
def _bot(settings: SettingsWrapper) -> None:
    settings.TELEGRAM_BOT_USERNAME = "CegahBot"
    settings.TELEGRAM_WEBHOOK_SECRET = SECRET


@pytest.fixture
def campaign(people: People) -> Campaign:
    return make_campaign(people.manager, people.p.agency_a, [people.p.unit_a])


@pytest.fixture
def sri(campaign: Campaign, people: People) -> Participant:
    return Participant.objects.create(
        campaign=campaign, agency=people.p.unit_a, name="Sri Wahyuni", phone="+6281234567890"
    )


def start(client: Client, payload: str, chat_id: int = 777001) -> int:
    body = {
        "update_id": 9,
        "message": {"chat": {"id": chat_id, "type": "private"}, "text": f"/start {payload}"},
    }
    response = client.post(
        "/telegram/webhook/",
        json.dumps(body),
        content_type="application/json",
        headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
    )
    return response.status_code


def test_starting_the_bot_from_the_page_connects_the_chat_and_reminds_there(
    client: Client, sri: Participant
) -> None:
    page = client.get(f"/kampanye/saya/{personal_token(sri)}/").content.decode()
    link = re.search(r'href="https://t\.me/CegahBot\?start=([A-Za-z0-9_-]+)"', page)
    assert link is not None
    assert "Dapatkan pengingat lewat Telegram" in page

    assert start(client, link.group(1)) == 200
    sri.refresh_from_db()
    assert (sri.telegram_chat_id, sri.reminder_channel) == ("777001", "telegram")
    reply = OutboxMessage.objects.get(channel="telegram")
    assert reply.recipient == "777001"
    assert reply.body.startswith("Terhubung, Sri Wahyuni.")

    page = client.get(f"/kampanye/saya/{personal_token(sri)}/").content.decode()
    assert "Telegram Anda sudah terhubung." in page
    assert reminders.plan_reminders() == 1
    assert (Reminder.objects.get().channel, Reminder.objects.get().recipient) == (
        "telegram",
        "777001",
    )


def test_a_forged_or_another_participants_payload_connects_nothing(
    client: Client, sri: Participant, campaign: Campaign, people: People
) -> None:
    other = Participant.objects.create(campaign=campaign, agency=people.p.unit_a, name="Budi")
    payload = telegram_payload(sri)
    forged = f"k{other.pk}-{payload.split('-', 1)[1]}"
    for bad in (forged, f"k{sri.pk}-AAAAAAAAAAAAAAAAAAAAAA", f"k{sri.pk}", "kabc-x"):
        assert start(client, bad) == 200
    assert not Participant.objects.exclude(telegram_chat_id="").exists()
    assert OutboxMessage.objects.count() == 4  # each got the "not valid" explanation


def test_a_closed_campaigns_payload_connects_nothing(
    client: Client, sri: Participant, campaign: Campaign
) -> None:
    Campaign.objects.filter(pk=campaign.pk).update(status=Status.FINISHED)
    start(client, telegram_payload(sri))
    sri.refresh_from_db()
    assert sri.telegram_chat_id == ""


def test_the_payload_is_short_and_uses_only_the_characters_telegram_allows() -> None:
    largest = Participant(pk=9_223_372_036_854_775_807)  # the largest id a BigAutoField holds
    assert re.fullmatch(r"[A-Za-z0-9_-]{1,64}", telegram_payload(largest))

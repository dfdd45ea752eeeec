"""The nightly purge deletes conversations, their messages and sender identifiers, and the
record of handled message ids, once `CHAT_RETENTION_DAYS` have passed; filed complaints stay."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from pytest_django.fixtures import Settings as SettingsWrapper

from cegah.chat import media
from cegah.chat.models import Conversation, Delivery, Message
from cegah.chat.tasks import purge_expired_conversations
from cegah.chat.tests.helpers import TelegramChat, jpeg_with_gps
from cegah.complaints.models import Complaint, KeptUpload
from cegah.complaints.tasks import remove_unsent_uploads

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 11, 2, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
DESCRIPTION = "Petugas kelurahan meminta Rp150.000 untuk surat pengantar yang seharusnya gratis."


def test_conversations_past_retention_are_deleted_and_recent_ones_kept(
    client: Client, settings: SettingsWrapper, regions: None
) -> None:
    settings.CHAT_RETENTION_DAYS = 30
    media.SINK["p"] = jpeg_with_gps()
    with time_machine.travel(START, tick=False) as clock:
        filed = TelegramChat(client, chat_id=111)
        for text in [
            "/lapor",
            "1",
            "Klaten Tengah",
            "lewati",
            DESCRIPTION,
            "lewati",
            "ya",
            "kirim",
        ]:
            filed.say(text)
        halfway = TelegramChat(client, chat_id=222)
        for text in ["/lapor", "1", "Klaten Tengah", "lewati", DESCRIPTION]:
            halfway.say(text)
        halfway.say(photo_id="p")
        client.post("/tanya/", {"text": "halo", "token": "t" * 20})
        assert Conversation.objects.count() == 3
        assert Message.objects.exists() and Delivery.objects.exists()

        clock.shift(dt.timedelta(days=20))
        recent = TelegramChat(client, chat_id=333)
        recent.say("halo")

        clock.shift(dt.timedelta(days=11))  # 31 days after the first three
        assert purge_expired_conversations.enqueue().return_value == 3
        remove_unsent_uploads.enqueue()  # the complaints app's own hourly job

    assert list(Conversation.objects.values_list("sender", flat=True)) == ["333"]
    assert not Message.objects.exists()
    assert set(Delivery.objects.values_list("message_id", flat=True)) == {str(recent.update_id)}
    # The complaint filed by chat is the complaints app's; the unsent one's photo is gone
    # (kept uploads live a day).
    assert Complaint.objects.count() == 1
    assert not KeptUpload.objects.exists()


def test_within_retention_nothing_is_deleted(client: Client) -> None:
    with time_machine.travel(START, tick=False) as clock:
        TelegramChat(client).say("halo")
        clock.shift(dt.timedelta(days=29))
        assert purge_expired_conversations.enqueue().return_value == 0
    assert Conversation.objects.count() == 1

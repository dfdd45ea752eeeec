"""“Must I report this gift?” in a chat: it takes what the message says, asks only for what is
missing, and ends with the web check's verdict, citation and report link."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from cegah.chat.models import Conversation
from cegah.chat.tests.helpers import TelegramChat

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
MUST = "Anda harus melaporkan gratifikasi ini."
NEED_NOT = "Anda tidak wajib melaporkan pemberian ini."


def _result_path(reply: str) -> str:
    found = re.search(r"https://cegah\.example(/gratifikasi/cek/hasil/\?\S+)", reply)
    assert found, reply
    return found.group(1)


@time_machine.travel(NOW, tick=False)
def test_the_gift_check_asks_only_for_what_the_message_did_not_say(client: Client) -> None:
    chat = TelegramChat(client)
    first = chat.say("amplop nikahan 1 juta harus lapor gak?")
    assert "Kapan Anda menerimanya?" in first
    assert "Apa pemberiannya?" not in first  # "amplop" is money
    second = chat.say("kemarin")
    assert "Siapa yang memberikannya?" in second
    assert "1. Keluarga" in second
    # A giver the office ties to the recipient settles the last question: the verdict.
    verdict = chat.say("orang tua murid")
    assert MUST in verdict
    assert "Sumber:" in verdict
    assert "Pasal 12B dan Pasal 12C" in verdict
    assert "https://cegah.example/gratifikasi/laporan/baru/?" in verdict
    assert Conversation.objects.get().tool == ""

    # The web check gives the same verdict and legal basis for the same answers.
    page = client.get(_result_path(verdict))
    assert page.status_code == 200
    html = page.content.decode()
    assert MUST in html
    assert "Pasal 12B dan Pasal 12C" in html
    assert "received_on=2026-12-06" in _result_path(verdict)


@time_machine.travel(NOW, tick=False)
def test_a_wrong_answer_is_asked_again_with_a_hint(client: Client) -> None:
    chat = TelegramChat(client)
    chat.say("/hadiah")
    assert "Berapa kira-kira nilainya" in chat.say("1")  # money
    again = chat.say("banyak sekali")
    assert "Saya tidak dapat membaca jumlahnya." in again
    assert "batal" in again
    assert "Kapan Anda menerimanya?" in chat.say("300rb")
    assert "tidak boleh di masa depan" in chat.say("31/12/2026")


@time_machine.travel(NOW, tick=False)
def test_the_verdict_is_the_web_checks_also_when_nothing_must_be_reported(
    client: Client,
) -> None:
    chat = TelegramChat(client)
    chat.say("kado nikahan dari teman 500rb, wajib lapor?")
    chat.say("2")  # goods
    chat.say("hari ini")
    verdict = chat.say("tidak")  # not because of the job
    page = client.get(_result_path(verdict)).content.decode()
    expected = NEED_NOT if NEED_NOT in page else MUST
    assert expected in verdict
    if expected == NEED_NOT:
        citation = re.search(r'<dd id="exemption"><cite lang="id">([^<]+)</cite>', page)
        assert citation and citation.group(1) in verdict

"""“Is this levy legal?” answers from the official-fee data, and “is this message true?” from
the published fact-check verdicts."""

from __future__ import annotations

import pytest
from django.test import Client

from cegah.chat.tests.helpers import TelegramChat
from cegah.factchecks.tests.factories import HOAX, VERDICT, make_fact_people, published
from cegah.services.actions import load_fees
from cegah.test import Personas

pytestmark = pytest.mark.django_db


def test_a_levy_question_gets_the_official_fee_and_an_overcharge_offers_a_complaint(
    client: Client,
) -> None:
    load_fees(actor=None)
    reply = TelegramChat(client).say("bikin KTP di kecamatan diminta bayar 50rb, resmi gak?")
    assert "KTP" in reply
    assert "Rp50.000" in reply and "pungli" in reply
    assert "https://cegah.example/keluhan/baru/?layanan=" in reply
    assert "diminta=50000" in reply
    assert "Sumber:" in reply


def test_the_levy_command_asks_which_service_first(client: Client) -> None:
    load_fees(actor=None)
    chat = TelegramChat(client)
    assert "Layanan apa" in chat.say("/pungli")
    assert "KTP" in chat.say("KTP elektronik baru, diminta 100rb")


def test_a_forwarded_hoax_gets_its_published_verdict(client: Client, personas: Personas) -> None:
    people = make_fact_people(personas)
    claim = published(people.checker_kpk)
    chat = TelegramChat(client)
    assert "Tempel atau teruskan pesan" in chat.say("/hoaks")
    reply = chat.say(HOAX)
    assert "Hoaks/Salah" in reply
    assert str(VERDICT["headline"]) in reply
    assert f"https://cegah.example/cek-fakta/{claim.slug}/" in reply


def test_a_message_nobody_checked_is_sent_to_the_fact_checkers(client: Client) -> None:
    chat = TelegramChat(client)
    reply = chat.say(
        "apakah pesan ini benar? Katanya besok semua rekening bansos diblokir kalau tidak "
        "daftar ulang lewat link ini"
    )
    assert "tidak menemukan hasil cek fakta" in reply
    assert "https://cegah.example/cek-fakta/kirim/" in reply

"""Reading people's words: amounts, dates, the gift's facts, intents and the language."""

from __future__ import annotations

import datetime as dt

import pytest

from cegah.chat import words

TODAY = dt.date(2026, 12, 7)


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("amplop 1 juta", 1_000_000),
        ("1,5 jt", 1_500_000),
        ("500rb", 500_000),
        ("Rp1.500.000", 1_500_000),
        ("Rp 250.000,-", 250_000),
        ("750000", 750_000),
        ("tanggal 12/11/2026", None),
        ("tahun 2026", None),
        ("3 orang", None),
    ],
)
def test_amounts_are_read_as_people_write_them(text: str, amount: int | None) -> None:
    assert words.amount_in(text) == amount


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("kemarin", dt.date(2026, 12, 6)),
        ("hari ini", TODAY),
        ("3 hari lalu", dt.date(2026, 12, 4)),
        ("12/11/2026", dt.date(2026, 11, 12)),
        ("12 November", dt.date(2026, 11, 12)),
        ("20 desember", dt.date(2025, 12, 20)),  # not yet this year: last year's
        ("31/12/2026", None),  # in the future
    ],
)
def test_dates_are_read_and_never_in_the_future(text: str, day: dt.date | None) -> None:
    assert words.date_in(text, TODAY) == day


def test_the_facts_of_a_gift_come_from_the_words_and_their_stems() -> None:
    assert words.gift_facts("amplop nikahan 1 juta") == {
        "form": "money",
        "value_idr": 1_000_000,
        "occasion": "wedding",
    }
    # "rekanan" (a contractor) is not "rekan" (a colleague), though Sastrawi stems both alike.
    assert words.gift_facts("parsel lebaran dari rekanan kantor")["giver_relation"] == (
        "business_partner"
    )
    assert words.gift_facts("dari bawahan saya")["giver_relation"] == "subordinate"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("amplop nikahan 1 juta harus lapor gak?", "gift"),
        ("apa itu gratifikasi?", None),
        ("bikin KTP bayar 50rb resmi gak", "fee"),
        ("apakah pesan ini benar?", "factcheck"),
        ("saya mau lapor pungli di sekolah", "complaint"),
        ("kapan batas lapor lhkpn?", None),
    ],
)
def test_intents(text: str, intent: str | None) -> None:
    assert words.intent_of(text) == intent


def test_the_language_is_guessed_from_the_words() -> None:
    assert words.guess_language("Must I report a wedding gift?") == "en"
    assert words.guess_language("harus lapor gak?") == "id"
    assert words.guess_language("500rb", "en") == "en"

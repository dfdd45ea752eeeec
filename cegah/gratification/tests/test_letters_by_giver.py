"""Every letter of Pasal 2 ayat (3) against every giver relation, in each version: a table of
cases read from the regulation text (Berita Negara 2019 No. 1438, Pasal 2 ayat (3); the 2026
amendment's changes to letters l, n and o).

The rows are written out by hand, not computed: each is what the text says for a gift that
meets every other condition of its letter. A gift from someone the recipient serves, a business
partner or a subordinate carries a conflict of interest by the nature of the relation, so every
letter that a conflict of interest voids is closed to it; letters f, h, i and o also require the
gift to be "tidak terkait kedinasan", which a gift from an unknown giver cannot be shown to be.
Letter a is first and covers any gift from family without a conflict of interest.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from cegah.gratification.tests.factories import ON_2019_RULES, ON_2026_RULES, assess, letter

RELATIONS = (
    "family",
    "colleague",
    "service_user",
    "business_partner",
    "subordinate",
    "other",
    "unknown",
)

# letter → a gift that meets every condition of the letter but the giver's relation.
GIFTS: dict[str, dict[str, Any]] = {
    "a": {"kind": "gift", "form": "goods", "value_idr": 5_000_000},
    "b": {"kind": "investment_return", "form": "money", "value_idr": 2_000_000, "general_terms": True},
    "c": {"kind": "cooperative_benefit", "form": "money", "value_idr": 1_000_000, "general_terms": True},
    "d": {"kind": "event_kit", "form": "goods", "value_idr": 300_000, "occasion": "official_event", "general_terms": True},
    "e": {"kind": "promotional_item", "form": "goods", "value_idr": 150_000, "general_terms": True},
    "f": {"kind": "competition_prize", "form": "money", "value_idr": 5_000_000},
    "g": {"kind": "government_award", "form": "money", "value_idr": 25_000_000},
    "h": {"kind": "commercial_prize_or_discount", "form": "cash_equivalent", "value_idr": 750_000, "general_terms": True},
    "i": {"kind": "professional_fee", "form": "money", "value_idr": 3_000_000},
    "j": {"kind": "official_honorarium", "form": "money", "value_idr": 1_000_000, "within_cost_standard": True},
    "k": {"kind": "gift", "form": "flower_board", "value_idr": 750_000},
    "l": {"kind": "gift", "form": "money", "value_idr": 900_000, "occasion": "wedding"},
    "m": {"kind": "gift", "form": "money", "value_idr": 900_000, "occasion": "disaster"},
    "n": {"kind": "gift", "form": "goods", "value_idr": 150_000, "occasion": "farewell"},
    "o": {"kind": "gift", "form": "goods", "value_idr": 150_000},
    "p": {"kind": "gift", "form": "served_food", "value_idr": 150_000, "general_terms": True},
    "q": {"kind": "gift", "form": "goods", "value_idr": 5_000_000, "to_institution": True},
}  # fmt: skip

# The letter that exempts the gift, per giver in the order of RELATIONS; "-": must be reported.
#            family colleague serves partner subordinate other unknown
TABLE_2019 = {
    "a": "a - - - - - -",  # family only
    "b": "a b - - - b b",
    "c": "a c - - - c c",
    "d": "a d - - - d d",
    "e": "a e - - - e e",
    "f": "a f - - - f -",  # tidak terkait dengan kedinasan
    "g": "a g - - - g g",
    "h": "a h - - - h -",  # berlaku umum dan tidak terkait kedinasan
    "i": "a i - - - i -",  # tidak terkait dengan tugas dan kewajiban, no conflict of interest
    "j": "a j - - - j j",  # no conflict of interest; official by nature
    "k": "a k - - - k k",
    "l": "a l - - - l l",
    "m": "a m - - - m m",
    "n": "a n - - - - -",  # between colleagues only
    "o": "a o - - - - -",  # between colleagues only, tidak terkait kedinasan
    "p": "a o - - - p p",  # a colleague's refreshments fall under o first
    "q": "a q - - - q q",
}
# PerKPK 1/2026 deleted letter n; its occasions fall under letter o.
TABLE_2026 = {**TABLE_2019, "n": "a o - - - - -"}

ROWS = [
    pytest.param(day, exemption, row, id=f"{version}-{exemption}")
    for version, day, table in (
        ("2019", ON_2019_RULES, TABLE_2019),
        ("2026", ON_2026_RULES, TABLE_2026),
    )
    for exemption, row in table.items()
]


def _answer(body: dict[str, Any]) -> str:
    if body["must_report"]:
        assert body["legal_basis"][0].startswith("Pasal 12B dan Pasal 12C Undang-Undang Nomor 31")
        return "-"
    return letter(body) or "?"


@pytest.mark.parametrize(("received_on", "exemption", "row"), ROWS)
def test_each_letter_against_each_giver(
    client: Client, received_on: str, exemption: str, row: str
) -> None:
    answers = [
        _answer(
            assess(client, received_on=received_on, giver_relation=relation, **GIFTS[exemption])
        )
        for relation in RELATIONS
    ]
    assert " ".join(answers) == row, dict(zip(RELATIONS, answers, strict=True))


@pytest.mark.parametrize("received_on", [ON_2019_RULES, ON_2026_RULES])
@pytest.mark.parametrize("exemption", ["f", "h", "i"])
def test_a_gift_given_because_of_the_office_is_never_exempt_under_a_letter_that_requires_otherwise(
    client: Client, received_on: str, exemption: str
) -> None:
    body = assess(
        client, received_on=received_on, giver_relation="other", because_of_office=True,
        **GIFTS[exemption],
    )  # fmt: skip
    assert body["must_report"] is True
    assert any(
        f"Letter {exemption} " in reason and "you said it was given because of your job" in reason
        for reason in body["reasons"]
    ), body["reasons"]


def test_a_colleagues_gift_given_because_of_the_office_is_not_covered_by_letter_o(
    client: Client,
) -> None:
    body = assess(client, giver_relation="colleague", because_of_office=True, **GIFTS["o"])
    assert body["must_report"] is True


@pytest.mark.parametrize("exemption", ["j", "l", "k"])
def test_letters_whose_text_has_no_such_condition_still_cover_a_gift_given_because_of_the_office(
    client: Client, exemption: str
) -> None:
    body = assess(client, giver_relation="other", because_of_office=True, **GIFTS[exemption])
    assert letter(body) == exemption


def test_the_teachers_rp750000_voucher_from_a_pupils_parent_must_be_reported(
    client: Client,
) -> None:
    """Issue 12: she chose the public-promotion kind and "berlaku umum" and was told letter h
    exempted it. It does not: the giver is someone she serves in her job."""
    body = assess(
        client, language="id", received_on="2026-11-16", giver_relation="service_user",
        **GIFTS["h"],
    )  # fmt: skip
    assert body["must_report"] is True
    assert body["exemption"] is None
    reasons = " ".join(body["reasons"])
    assert (
        "Huruf h (Hadiah langsung atau undian, diskon atau rabat, voucher, poin hadiah, atau "
        "suvenir yang berlaku umum dan tidak terkait kedinasan) hanya mencakup pemberian yang "
        "tidak terkait kedinasan, sedangkan pemberian dari orang yang Anda layani dalam "
        "pekerjaan terkait dengan kedinasan Anda."
    ) in reasons
    assert body["deadline"] == "2026-12-30"
    assert body["deadline_passed"] is False


def test_the_same_voucher_answered_as_a_gift_is_a_gift_to_report(client: Client) -> None:
    """The wording she now reads leads a parent's voucher to "a gift from a person"."""
    body = assess(
        client, received_on="2026-11-16", giver_relation="service_user", kind="gift",
        form="cash_equivalent", value_idr=750_000,
    )  # fmt: skip
    assert body["must_report"] is True
    assert body["reasons"][0] == (
        "You received it from someone you serve in your job, which ties the gift to your office."
    )

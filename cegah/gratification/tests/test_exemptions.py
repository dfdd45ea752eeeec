"""Every letter of Pasal 2 ayat (3), in each version, through the API: a gift it covers and the
nearest gift it does not."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from cegah.gratification.tests.factories import ON_2019_RULES, ON_2026_RULES, assess, letter

REG_2019 = "Peraturan KPK Nomor 2 Tahun 2019"
REG_2026 = "Peraturan KPK Nomor 1 Tahun 2026"
# How a lawyer cites each version: the 2026 regulation amends the 2019 one.
CITED = {
    REG_2019: REG_2019,
    REG_2026: f"{REG_2019} sebagaimana diubah dengan {REG_2026}",
}
VERSIONS = [
    pytest.param(ON_2019_RULES, REG_2019, id="2019"),
    pytest.param(ON_2026_RULES, REG_2026, id="2026"),
]

# letter → (a gift it covers, the same gift changed so that it no longer is, a word of the reason)
CASES: dict[str, tuple[dict[str, Any], dict[str, Any], str]] = {
    "a": (
        {"giver_relation": "family", "form": "money", "value_idr": 50_000_000},
        {"conflict_of_interest": True},
        "interest in your decisions",
    ),
    "b": (
        {"kind": "investment_return", "form": "money", "general_terms": True},
        {"general_terms": False},
        "same terms",
    ),
    "c": (
        {"kind": "cooperative_benefit", "form": "money", "general_terms": True},
        {"general_terms": False},
        "same terms",
    ),
    "d": (
        {"kind": "event_kit", "occasion": "official_event", "general_terms": True},
        {"general_terms": False},
        "same terms",
    ),
    "e": (
        {"kind": "promotional_item", "general_terms": True, "value_idr": 150_000},
        {"form": "cash_equivalent"},
        "cash equivalents",
    ),
    "f": (
        {"kind": "competition_prize", "form": "money", "value_idr": 5_000_000},
        {"conflict_of_interest": True},
        "interest in your decisions",
    ),
    "g": (
        {"kind": "government_award", "form": "money", "value_idr": 25_000_000},
        {"conflict_of_interest": True},
        "interest in your decisions",
    ),
    "h": (
        {"kind": "commercial_prize_or_discount", "form": "cash_equivalent", "general_terms": True},
        {"general_terms": False},
        "same terms",
    ),
    "i": (
        {"kind": "professional_fee", "form": "money", "value_idr": 3_000_000},
        {"conflict_of_interest": True},
        "interest in your decisions",
    ),
    "j": (
        {"kind": "official_honorarium", "form": "money", "within_cost_standard": True},
        {"double_funding": True},
        "double funding",
    ),
    "k": (
        {"form": "flower_board", "giver_relation": "other", "value_idr": 1_000_000},
        {"conflict_of_interest": True},
        "interest in your decisions",
    ),
    "m": (
        {"occasion": "disaster", "form": "money", "value_idr": 1_000_000},
        {"value_idr": 1_000_001},
        "at most Rp1,000,000 per gift",
    ),
    "p": (
        {"form": "served_food", "general_terms": True, "giver_relation": "other"},
        {"general_terms": False},
        "same terms",
    ),
    "q": (
        {"to_institution": True, "giver_relation": "other", "value_idr": 20_000_000},
        {"conflict_of_interest": True},
        "interest in your decisions",
    ),
}


@pytest.mark.parametrize(("received_on", "regulation"), VERSIONS)
@pytest.mark.parametrize("exemption", sorted(CASES))
def test_a_gift_the_letter_covers_need_not_be_reported(
    client: Client, exemption: str, received_on: str, regulation: str
) -> None:
    covered, _, _ = CASES[exemption]
    body = assess(client, received_on=received_on, **covered)
    assert body["must_report"] is False
    assert body["exemption"]["letter"] == exemption
    assert body["exemption"]["regulation"] == regulation
    assert body["exemption"]["article"] == "Pasal 2 ayat (3)"
    assert body["rules_version"]["regulation"] == regulation
    assert body["deadline"] is None
    assert body["upg_deadline"] is None
    assert body["burden_of_proof_on_recipient"] is False
    citation = f"Pasal 2 ayat (3) huruf {exemption} {CITED[regulation]}"
    assert body["exemption"]["citation"] == citation
    assert body["legal_basis"] == [citation]
    assert body["reasons"][0].startswith(f"It falls under {citation}: ")


@pytest.mark.parametrize(("received_on", "regulation"), VERSIONS)
@pytest.mark.parametrize("exemption", sorted(CASES))
def test_the_nearest_gift_the_letter_does_not_cover_must_be_reported_and_says_why(
    client: Client, exemption: str, received_on: str, regulation: str
) -> None:
    covered, changed, why = CASES[exemption]
    body = assess(client, received_on=received_on, **{**covered, **changed})
    assert body["must_report"] is True
    assert body["exemption"] is None
    assert any(why in reason for reason in body["reasons"]), body["reasons"]
    assert body["deadline"] and body["upg_deadline"]


@pytest.mark.parametrize(
    ("received_on", "limit"),
    [
        pytest.param(ON_2019_RULES, 1_000_000, id="2019"),
        pytest.param(ON_2026_RULES, 1_500_000, id="2026"),
    ],
)
@pytest.mark.parametrize(
    "occasion",
    ["engagement", "wedding", "birth", "aqiqah", "baptism", "circumcision", "tooth_filing",
     "religious_or_customary_ceremony"],
)  # fmt: skip
def test_letter_l_covers_every_ceremony_up_to_its_limit_per_giver(
    client: Client, received_on: str, limit: int, occasion: str
) -> None:
    at_limit = assess(
        client, received_on=received_on, occasion=occasion, form="money", value_idr=limit
    )
    assert letter(at_limit) == "l"
    assert f"within the limit of Rp{limit:,} per gift" in " ".join(at_limit["reasons"])
    over = assess(
        client, received_on=received_on, occasion=occasion, form="money", value_idr=limit + 1
    )
    assert over["must_report"] is True
    assert f"at most Rp{limit:,} per gift" in " ".join(over["reasons"])


@pytest.mark.parametrize("received_on", [ON_2019_RULES, ON_2026_RULES])
def test_letter_l_does_not_cover_religious_holiday_parcels(
    client: Client, received_on: str
) -> None:
    body = assess(
        client, received_on=received_on, occasion="religious_holiday", form="food_parcel",
        value_idr=300_000, giver_relation="business_partner",
    )  # fmt: skip
    assert body["must_report"] is True
    assert any("(THR)" in advice for advice in body["advice"])
    assert any("social institution" in advice for advice in body["advice"])


def test_letter_n_of_2019_covers_colleagues_birthday_gifts_up_to_rp300000(client: Client) -> None:
    base = {"received_on": ON_2019_RULES, "giver_relation": "colleague", "occasion": "birthday"}
    assert letter(assess(client, **base, value_idr=300_000)) == "n"
    over = assess(client, **base, value_idr=300_001)
    assert over["must_report"] is True
    reasons = " ".join(over["reasons"])
    assert "Letter n" in reasons and "at most Rp300,000 per gift" in reasons
    assert "Letter o" in reasons and "at most Rp200,000 per gift" in reasons


@pytest.mark.parametrize(
    "occasion", ["farewell", "retirement", "transfer_or_promotion", "birthday"]
)
def test_letter_n_of_2019_covers_each_of_its_occasions_but_not_money(
    client: Client, occasion: str
) -> None:
    base = {"received_on": ON_2019_RULES, "giver_relation": "colleague", "occasion": occasion}
    assert letter(assess(client, **base, value_idr=250_000)) == "n"
    money = assess(client, **base, value_idr=250_000, form="money")
    assert money["must_report"] is True
    assert "does not cover gifts in the form of money" in " ".join(money["reasons"])


def test_letter_n_is_repealed_in_2026_and_its_occasions_fall_under_letter_o(client: Client) -> None:
    base = {"received_on": ON_2026_RULES, "giver_relation": "colleague", "occasion": "farewell"}
    body = assess(client, **base, value_idr=300_000)
    assert letter(body) == "o"
    assert letter(assess(client, **base, value_idr=500_000)) == "o"
    over = assess(client, **base, value_idr=500_001)
    assert over["must_report"] is True
    assert "Letter n" not in " ".join(over["reasons"])


@pytest.mark.parametrize(
    ("received_on", "per_gift", "per_year"),
    [
        pytest.param(ON_2019_RULES, 200_000, 1_000_000, id="2019"),
        pytest.param(ON_2026_RULES, 500_000, 1_500_000, id="2026"),
    ],
)
def test_letter_o_covers_colleagues_gifts_up_to_the_limit_per_gift(
    client: Client, received_on: str, per_gift: int, per_year: int
) -> None:
    base = {"received_on": received_on, "giver_relation": "colleague"}
    assert letter(assess(client, **base, value_idr=per_gift - 1)) == "o"
    at_limit = assess(client, **base, value_idr=per_gift)
    assert letter(at_limit) == "o"
    assert f"within the limit of Rp{per_gift:,} per gift" in " ".join(at_limit["reasons"])
    assert any(f"passes Rp{per_year:,}" in advice for advice in at_limit["advice"])
    assert assess(client, **base, value_idr=per_gift + 1)["must_report"] is True


@pytest.mark.parametrize(
    ("received_on", "per_gift", "per_year"),
    [
        pytest.param(ON_2019_RULES, 200_000, 1_000_000, id="2019"),
        pytest.param(ON_2026_RULES, 500_000, 1_500_000, id="2026"),
    ],
)
def test_the_same_givers_earlier_gifts_this_year_count_towards_the_yearly_limit(
    client: Client, received_on: str, per_gift: int, per_year: int
) -> None:
    base = {"received_on": received_on, "giver_relation": "colleague", "value_idr": per_gift}
    reaching = assess(client, **base, same_giver_total_this_year_idr=per_year - per_gift)
    assert letter(reaching) == "o"
    assert f"given you Rp{per_year:,} this year" in " ".join(reaching["reasons"])
    passing = assess(client, **base, same_giver_total_this_year_idr=per_year - per_gift + 1)
    assert passing["must_report"] is True
    assert f"the total is Rp{per_year + 1:,}" in " ".join(passing["reasons"])


def test_the_yearly_limit_of_letter_n_counts_earlier_gifts_too(client: Client) -> None:
    base = {
        "received_on": ON_2019_RULES,
        "giver_relation": "colleague",
        "occasion": "retirement",
        "value_idr": 300_000,
    }
    assert letter(assess(client, **base, same_giver_total_this_year_idr=700_000)) == "n"
    over = assess(client, **base, same_giver_total_this_year_idr=700_001)
    assert over["must_report"] is True
    assert "the total is Rp1,000,001" in " ".join(over["reasons"])


@pytest.mark.parametrize("received_on", [ON_2019_RULES, ON_2026_RULES])
@pytest.mark.parametrize("form", ["money", "cash_equivalent"])
def test_money_between_colleagues_is_never_covered(
    client: Client, received_on: str, form: str
) -> None:
    body = assess(
        client, received_on=received_on, giver_relation="colleague", form=form, value_idr=50_000
    )
    assert body["must_report"] is True


def test_gifts_from_subordinates_are_not_gifts_between_colleagues(client: Client) -> None:
    body = assess(client, giver_relation="subordinate", value_idr=100_000)
    assert body["must_report"] is True


def test_an_honorarium_outside_the_cost_standard_must_be_reported(client: Client) -> None:
    body = assess(client, kind="official_honorarium", form="money", within_cost_standard=False)
    assert body["must_report"] is True
    assert "applicable cost standard" in " ".join(body["reasons"])


def test_a_conflict_of_interest_voids_the_wedding_exemption(client: Client) -> None:
    body = assess(
        client, occasion="wedding", form="money", value_idr=500_000,
        giver_relation="business_partner", conflict_of_interest=True,
    )  # fmt: skip
    assert body["must_report"] is True
    assert body["exemption"] is None
    assert body["reasons"][0] == (
        "You received it from a business partner or contractor of your agency, which ties the "
        "gift to your office."
    )
    assert any("so letter l" in reason for reason in body["reasons"])
    assert body["advice"][0].startswith("Refuse gifts connected to your office.")


def test_a_family_gift_with_a_conflict_of_interest_must_be_reported(client: Client) -> None:
    body = assess(client, giver_relation="family", conflict_of_interest=True)
    assert body["must_report"] is True
    assert any("so letter a" in reason for reason in body["reasons"])


def test_a_gift_to_the_agency_is_recorded_as_its_property(client: Client) -> None:
    body = assess(client, to_institution=True, value_idr=20_000_000)
    assert letter(body) == "q"
    assert "Record it as the agency's property, not as a personal gift." in body["advice"]


def test_a_plain_gift_from_a_service_user_must_be_reported_without_near_misses(
    client: Client,
) -> None:
    body = assess(client, giver_relation="service_user", value_idr=250_000)
    assert body["must_report"] is True
    assert body["reasons"] == [
        "You received it from someone you serve in your job, which ties the gift to your office.",
        "Every gratification to a civil servant or state official must be reported to KPK "
        "unless an exemption of Pasal 2 ayat (3) Peraturan KPK Nomor 2 Tahun 2019 sebagaimana "
        "diubah dengan Peraturan KPK Nomor 1 Tahun 2026 covers it, and none covers this one.",
    ]
    assert body["legal_basis"] == [
        "Pasal 12B dan Pasal 12C Undang-Undang Nomor 31 Tahun 1999 tentang Pemberantasan "
        "Tindak Pidana Korupsi sebagaimana diubah dengan Undang-Undang Nomor 20 Tahun 2001",
        "Pasal 2 ayat (1) Peraturan KPK Nomor 2 Tahun 2019 sebagaimana diubah dengan "
        "Peraturan KPK Nomor 1 Tahun 2026",
    ]

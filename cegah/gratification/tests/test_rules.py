"""The engine on hand-made rules: what the loaded data does not exercise."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation
from pydantic import ValidationError

from cegah.gratification.rules import Conditions, ExemptionRule, Gift, Rules, assess, choose_rules

TODAY = dt.date(2026, 11, 23)


def rules(effective_from: dt.date, *exemptions: ExemptionRule) -> Rules:
    return Rules(
        regulation=f"Rules of {effective_from:%Y}",
        short_citation=f"R/{effective_from:%Y}",
        effective_from=effective_from,
        exemptions=exemptions,
    )


def flower_boards(void_if_conflict_of_interest: bool) -> ExemptionRule:
    return ExemptionRule(
        letter="k",
        article="Pasal 2 ayat (3)",
        title_id="Karangan bunga",
        title_en="Flower boards",
        conditions=Conditions(forms=("flower_board",)),
        void_if_conflict_of_interest=void_if_conflict_of_interest,
    )


def test_the_version_in_force_is_the_latest_that_took_effect_on_or_before_receipt() -> None:
    old, new = rules(dt.date(2019, 10, 17)), rules(dt.date(2026, 1, 20))
    assert choose_rules([new, old], dt.date(2026, 1, 19)) is old
    assert choose_rules([new, old], dt.date(2026, 1, 20)) is new
    assert choose_rules([new, old], dt.date(2019, 1, 1)) is old
    with pytest.raises(LookupError):
        choose_rules([], dt.date(2026, 1, 20))


def test_an_exemption_can_be_kept_despite_a_conflict_of_interest_when_its_data_says_so() -> None:
    gift = Gift(
        received_on=dt.date(2026, 3, 2),
        value_idr=750_000,
        form="flower_board",
        giver_relation="business_partner",
        conflict_of_interest=True,
    )
    with translation.override("en"):
        kept = assess(gift, rules(dt.date(2026, 1, 20), flower_boards(False)), today=TODAY)
        voided = assess(gift, rules(dt.date(2026, 1, 20), flower_boards(True)), today=TODAY)
    assert kept.must_report is False
    assert kept.exemption is not None and kept.exemption.letter == "k"
    assert voided.must_report is True
    assert voided.deadline == dt.date(2026, 4, 21)


def test_repealed_letters_are_skipped() -> None:
    repealed = ExemptionRule(
        letter="n", article="Pasal 2 ayat (3)", title_id="(dihapus)", title_en="(deleted)",
        conditions=Conditions(), repealed=True,
    )  # fmt: skip
    gift = Gift(received_on=dt.date(2026, 3, 2), value_idr=1, form="goods", giver_relation="other")
    result = assess(gift, rules(dt.date(2026, 1, 20), repealed), today=TODAY)
    assert result.must_report is True


@pytest.mark.parametrize(
    "conditions",
    [
        {"forms": ["money", "money"]},
        {"forms": ["money"], "forms_excluded": ["money"]},
        {"require": {"conflict_of_interest": False}},
        {"kinds": "gift"},
        {"occasion": ["wedding"]},
    ],
)
def test_conditions_that_make_no_sense_are_refused(conditions: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        Conditions.model_validate(conditions)

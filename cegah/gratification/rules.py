"""The assessment engine: must this gift be reported, and by when?

Pure functions over plain data. The rules arrive as a `Rules` snapshot of one `RulesVersion`
(built by `RulesVersion.to_rules()`); each exemption carries a small declarative `Conditions`
structure that `assess()` interprets. Nothing here evaluates code from the database.

Sentences are translated with the active language, so callers wrap `assess()` in
`translation.override(...)` when they answer in a language other than the current one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from typing import Literal, get_args

from django.utils.formats import date_format, number_format
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from pydantic import BaseModel, ConfigDict, model_validator

from cegah.lib.workdays import add_working_days

Form = Literal[
    "money",
    "cash_equivalent",
    "goods",
    "food_parcel",
    "served_food",
    "service",
    "flower_board",
    "other",
]
Kind = Literal[
    "gift",
    "investment_return",
    "cooperative_benefit",
    "event_kit",
    "promotional_item",
    "competition_prize",
    "government_award",
    "commercial_prize_or_discount",
    "professional_fee",
    "official_honorarium",
]
GiverRelation = Literal[
    "family", "colleague", "service_user", "business_partner", "subordinate", "other", "unknown"
]
Occasion = Literal[
    "none",
    "engagement",
    "wedding",
    "birth",
    "aqiqah",
    "baptism",
    "circumcision",
    "tooth_filing",
    "religious_or_customary_ceremony",
    "disaster",
    "farewell",
    "retirement",
    "transfer_or_promotion",
    "birthday",
    "religious_holiday",
    "official_event",
]
# The yes/no facts an exemption may require; conflict of interest is handled on its own.
# `unrelated_to_office` is derived (see `Gift.unrelated_to_office`), never asked as such.
Flag = Literal[
    "general_terms",
    "within_cost_standard",
    "double_funding",
    "to_institution",
    "unrelated_to_office",
]

FORMS: tuple[str, ...] = get_args(Form)
KINDS: tuple[str, ...] = get_args(Kind)
GIVER_RELATIONS: tuple[str, ...] = get_args(GiverRelation)
OCCASIONS: tuple[str, ...] = get_args(Occasion)
FLAGS: tuple[str, ...] = get_args(Flag)
LETTERS: tuple[str, ...] = tuple("abcdefghijklmnopq")

# Pasal 12B(1) UU Tipikor: from this value on, the recipient must prove it was not a bribe.
BURDEN_OF_PROOF_THRESHOLD_IDR = 10_000_000

# Givers whose relation to the recipient is the office itself: someone the recipient serves in
# their job (a pupil's parent, a patient, an applicant), a business partner or contractor of the
# agency, a subordinate. They have an interest in the recipient's decisions by the nature of the
# relation, so their gift is never "unrelated to the office" and always carries a conflict of
# interest, whatever the recipient answers (docs/decisions/0009-gratification-defects.md).
INTERESTED_RELATIONS = frozenset({"service_user", "business_partner", "subordinate"})

# How the statute is cited when a rules version gives no citation of its own.
STATUTE = (
    "Undang-Undang Nomor 31 Tahun 1999 tentang Pemberantasan Tindak Pidana Korupsi "
    "sebagaimana diubah dengan Undang-Undang Nomor 20 Tahun 2001"
)

FORM_LABELS: dict[str, Promise] = {
    "money": gettext_lazy("money"),
    "cash_equivalent": gettext_lazy("cash equivalents (vouchers, gold, e-money)"),
    "goods": gettext_lazy("goods"),
    "food_parcel": gettext_lazy("food parcels"),
    "served_food": gettext_lazy("served food"),
    "service": gettext_lazy("services (tickets, lodging, travel, free treatment)"),
    "flower_board": gettext_lazy("flower boards"),
    "other": gettext_lazy("other things"),
}
PERISHABLE_FORMS = frozenset({"food_parcel", "served_food"})


class Conditions(BaseModel):
    """Which gifts an exemption covers, as stored in `Exemption.conditions` (JSON).

    An empty list means "any". `require` maps a yes/no fact of the gift to the value the
    exemption needs, e.g. `{"within_cost_standard": true, "double_funding": false}`.
    Example (letter o, gifts between colleagues):
    `{"kinds": ["gift"], "giver_relations": ["colleague"],
      "forms_excluded": ["money", "cash_equivalent"]}`.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    forms: tuple[Form, ...] = ()
    forms_excluded: tuple[Form, ...] = ()
    kinds: tuple[Kind, ...] = ()
    occasions: tuple[Occasion, ...] = ()
    giver_relations: tuple[GiverRelation, ...] = ()
    require: dict[Flag, bool] = {}

    @model_validator(mode="after")
    def _consistent(self) -> Conditions:
        for name in ("forms", "forms_excluded", "kinds", "occasions", "giver_relations"):
            values = getattr(self, name)
            if len(set(values)) != len(values):
                raise ValueError(f"{name} lists a value twice")
        both = set(self.forms) & set(self.forms_excluded)
        if both:
            raise ValueError(f"forms and forms_excluded both list {', '.join(sorted(both))}")
        return self

    @property
    def has_scope(self) -> bool:
        """Whether the exemption is about particular gifts (so a near miss is worth explaining)."""
        return bool(self.forms or self.kinds or self.occasions or self.giver_relations)


@dataclasses.dataclass(frozen=True)
class ExemptionRule:
    """One lettered exemption of a rules version, ready for the engine."""

    letter: str
    article: str
    title_id: str
    title_en: str
    conditions: Conditions
    max_per_gift_idr: int | None = None
    max_per_giver_per_year_idr: int | None = None
    void_if_conflict_of_interest: bool = True
    repealed: bool = False

    def title(self, language: str | None = None) -> str:
        """The title in English for English, in Indonesian otherwise."""
        language = language or get_language() or "id"
        return self.title_en if language.startswith("en") else self.title_id

    def citation(self, rules: Rules) -> str:
        """As a lawyer cites it, in Indonesian whatever the page's language: "Pasal 2 ayat (3)
        huruf h Peraturan KPK Nomor 2 Tahun 2019 sebagaimana diubah dengan Peraturan KPK
        Nomor 1 Tahun 2026"."""
        return f"{self.article} huruf {self.letter} {rules.citation}"


@dataclasses.dataclass(frozen=True)
class Rules:
    """One version of the rules: the regulation, when it took effect, its exemptions (kept in
    letter order, the order the engine tries them in)."""

    regulation: str
    short_citation: str
    effective_from: dt.date
    exemptions: tuple[ExemptionRule, ...]
    report_deadline_working_days: int = 30
    upg_deadline_working_days: int = 10
    # The regulation as amended ("Peraturan KPK Nomor 2 Tahun 2019 sebagaimana diubah dengan
    # Peraturan KPK Nomor 1 Tahun 2026"); the regulation alone when empty.
    citation: str = ""
    # The statute the duty to report rests on, and the regulation's article that repeats it.
    statute: str = STATUTE
    duty_article: str = "Pasal 2 ayat (1)"

    def __post_init__(self) -> None:
        ordered = tuple(sorted(self.exemptions, key=lambda rule: rule.letter))
        object.__setattr__(self, "exemptions", ordered)
        if not self.citation:
            object.__setattr__(self, "citation", self.regulation)

    @property
    def reporting_basis(self) -> list[str]:
        """The provisions a must-report answer rests on, as a lawyer cites them."""
        return [
            f"Pasal 12B dan Pasal 12C {self.statute}",
            f"{self.duty_article} {self.citation}",
        ]


@dataclasses.dataclass(frozen=True)
class Gift:
    """What the recipient tells us about the gift (the assessment request)."""

    received_on: dt.date
    value_idr: int
    form: Form
    giver_relation: GiverRelation
    kind: Kind = "gift"
    occasion: Occasion = "none"
    conflict_of_interest: bool = False
    general_terms: bool = False
    within_cost_standard: bool = False
    double_funding: bool = False
    to_institution: bool = False
    same_giver_total_this_year_idr: int = 0
    # The recipient says it was given because of their job or position.
    because_of_office: bool = False

    @property
    def relation_is_office(self) -> bool:
        """The giver stands to the recipient through the office (see INTERESTED_RELATIONS)."""
        return self.giver_relation in INTERESTED_RELATIONS

    @property
    def has_conflict_of_interest(self) -> bool:
        """Said by the recipient, or given by the nature of the giver's relation."""
        return self.conflict_of_interest or self.relation_is_office

    @property
    def unrelated_to_office(self) -> bool:
        """What "tidak terkait kedinasan" requires: nothing ties the gift to the office, and the
        giver is known (an unknown giver's gift cannot be shown to be unrelated)."""
        return not (
            self.because_of_office
            or self.has_conflict_of_interest
            or self.giver_relation == "unknown"
        )

    def flag(self, name: str) -> bool:
        if name == "unrelated_to_office":
            return self.unrelated_to_office
        return bool(getattr(self, name))


@dataclasses.dataclass(frozen=True)
class Assessment:
    """The answer: whether to report, under which exemption if not, by when, and why."""

    rules: Rules
    must_report: bool
    exemption: ExemptionRule | None
    deadline: dt.date | None
    upg_deadline: dt.date | None
    burden_of_proof_on_recipient: bool
    reasons: list[str]
    advice: list[str]
    # The provisions the answer rests on, cited as a lawyer would (in Indonesian).
    legal_basis: list[str] = dataclasses.field(default_factory=list)
    # Whether the deadline to report to KPK (or through the UPG) has passed by `today`.
    deadline_passed: bool = False
    upg_deadline_passed: bool = False

    @property
    def exemption_citation(self) -> str | None:
        return None if self.exemption is None else self.exemption.citation(self.rules)


def choose_rules(versions: Sequence[Rules], received_on: dt.date) -> Rules:
    """The version in force on `received_on`: the latest that took effect on or before it.

    A gift older than every version is judged by the earliest one (and `assess` says so).
    """
    if not versions:
        raise LookupError("no rules version is loaded")
    in_force = [v for v in versions if v.effective_from <= received_on]
    if in_force:
        return max(in_force, key=lambda v: v.effective_from)
    return min(versions, key=lambda v: v.effective_from)


def rupiah(value: int) -> str:
    """'Rp1.500.000' in Indonesian, 'Rp1,500,000' in English."""
    return "Rp" + number_format(value, decimal_pos=0, force_grouping=True)


def long_date(day: dt.date) -> str:
    return date_format(day, "DATE_FORMAT")


def _interest_miss(rule: ExemptionRule, gift: Gift) -> str:
    """Why a conflict of interest (said, or given by the relation) voids the letter."""
    names = {"letter": rule.letter, "title": rule.title()}
    if gift.giver_relation == "service_user":
        template = _(
            "Someone you serve in your job has an interest in your decisions, so letter "
            "%(letter)s (%(title)s) does not apply."
        )
    elif gift.giver_relation == "business_partner":
        template = _(
            "A business partner or contractor of your agency has an interest in your "
            "decisions, so letter %(letter)s (%(title)s) does not apply."
        )
    elif gift.giver_relation == "subordinate":
        template = _(
            "A subordinate has an interest in your decisions about them, so letter %(letter)s "
            "(%(title)s) does not apply."
        )
    else:
        template = _(
            "The giver has an interest in your decisions, so letter %(letter)s (%(title)s) "
            "does not apply."
        )
    return template % names


def _office_miss(rule: ExemptionRule, gift: Gift) -> str:
    """Why a letter that requires the gift to be unrelated to the office does not cover it."""
    names = {"letter": rule.letter, "title": rule.title()}
    if gift.giver_relation == "service_user":
        template = _(
            "Letter %(letter)s (%(title)s) covers only what is unrelated to your office, and a "
            "gift from someone you serve in your job is related to it."
        )
    elif gift.giver_relation == "business_partner":
        template = _(
            "Letter %(letter)s (%(title)s) covers only what is unrelated to your office, and a "
            "gift from a business partner or contractor of your agency is related to it."
        )
    elif gift.giver_relation == "subordinate":
        template = _(
            "Letter %(letter)s (%(title)s) covers only what is unrelated to your office, and a "
            "gift from a subordinate is related to it."
        )
    elif gift.because_of_office:
        template = _(
            "Letter %(letter)s (%(title)s) covers only what is unrelated to your office, and "
            "you said it was given because of your job or position."
        )
    elif gift.conflict_of_interest:
        template = _(
            "Letter %(letter)s (%(title)s) covers only what is unrelated to your office, and "
            "the giver has an interest in your decisions."
        )
    else:
        template = _(
            "Letter %(letter)s (%(title)s) covers only what is unrelated to your office, which "
            "cannot be shown when you do not know who gave it."
        )
    return template % names


def _miss_reason(rule: ExemptionRule, gift: Gift) -> str | None:
    """Why an exemption about this kind of gift does not cover it, or None when it does.

    The gift's tie to the office is explained first: it is what the recipient most needs to
    hear, and what a wrong answer about a gift from a pupil's parent got wrong."""
    names = {"letter": rule.letter, "title": rule.title()}
    if gift.form in rule.conditions.forms_excluded:
        return _("Letter %(letter)s (%(title)s) does not cover gifts in the form of %(form)s.") % {
            **names,
            "form": FORM_LABELS[gift.form],
        }
    if rule.conditions.require.get("unrelated_to_office") and not gift.unrelated_to_office:
        return _office_miss(rule, gift)
    if rule.void_if_conflict_of_interest and gift.has_conflict_of_interest:
        return _interest_miss(rule, gift)
    for flag, needed in rule.conditions.require.items():
        if gift.flag(flag) == needed:
            continue
        if flag == "general_terms" and needed:
            return (
                _(
                    "Letter %(letter)s (%(title)s) applies only when it is offered on the same "
                    "terms to the public or to all participants."
                )
                % names
            )
        if flag == "within_cost_standard" and needed:
            return (
                _("Letter %(letter)s (%(title)s) applies only within the applicable cost standard.")
                % names
            )
        if flag == "double_funding" and not needed:
            return (
                _(
                    "Letter %(letter)s (%(title)s) does not apply when the activity is also paid "
                    "for from another budget (double funding)."
                )
                % names
            )
        if flag == "to_institution" and needed:
            return (
                _(
                    "Letter %(letter)s (%(title)s) applies only to gifts to the agency, not to a "
                    "person."
                )
                % names
            )
        return _("Letter %(letter)s (%(title)s) does not apply in these circumstances.") % names
    if rule.max_per_gift_idr is not None and gift.value_idr > rule.max_per_gift_idr:
        return _(
            "Letter %(letter)s (%(title)s) covers at most %(limit)s per gift from one giver; "
            "this gift is worth %(value)s."
        ) % {**names, "limit": rupiah(rule.max_per_gift_idr), "value": rupiah(gift.value_idr)}
    total = gift.same_giver_total_this_year_idr + gift.value_idr
    if rule.max_per_giver_per_year_idr is not None and total > rule.max_per_giver_per_year_idr:
        return _(
            "Letter %(letter)s (%(title)s) covers at most %(limit)s a year from the same giver; "
            "with this gift the total is %(total)s."
        ) % {**names, "limit": rupiah(rule.max_per_giver_per_year_idr), "total": rupiah(total)}
    return None


def _in_scope(rule: ExemptionRule, gift: Gift) -> bool:
    c = rule.conditions
    return (
        (not c.forms or gift.form in c.forms)
        and (not c.kinds or gift.kind in c.kinds)
        and (not c.occasions or gift.occasion in c.occasions)
        and (not c.giver_relations or gift.giver_relation in c.giver_relations)
    )


def _is_about(rule: ExemptionRule, gift: Gift) -> bool:
    """Whether a near miss of this exemption is worth explaining for this gift.

    An exemption for particular gifts (a form, kind, occasion or giver) is, when the gift is one
    of them; one defined only by yes/no facts (gifts to the agency) is, when the gift has them.
    """
    if rule.conditions.has_scope:
        return True
    wanted = [
        flag
        for flag, needed in rule.conditions.require.items()
        if needed and flag != "unrelated_to_office"
    ]
    return bool(wanted) and all(gift.flag(flag) for flag in wanted)


def _interest_reason(gift: Gift) -> str:
    if gift.giver_relation == "service_user":
        return _(
            "You received it from someone you serve in your job, which ties the gift to your "
            "office."
        )
    if gift.giver_relation == "business_partner":
        return _(
            "You received it from a business partner or contractor of your agency, which ties "
            "the gift to your office."
        )
    if gift.giver_relation == "subordinate":
        return _("You received it from a subordinate, which ties the gift to your office.")
    return _("The giver has an interest in your decisions, which ties the gift to your office.")


def assess(gift: Gift, rules: Rules, *, today: dt.date) -> Assessment:
    """Judge `gift` by `rules`: the first exemption (in letter order) that covers it wins.

    A conflict of interest voids every exemption marked `void_if_conflict_of_interest`; a gift
    from someone the recipient serves, a business partner or a subordinate always has one. An
    exemption that requires `unrelated_to_office` ("tidak terkait kedinasan") never covers a
    gift tied to the office. Amounts at a limit are within it ("paling banyak"); the yearly
    limit counts this gift together with what the same giver already gave this calendar year.
    """
    reasons: list[str] = []
    advice: list[str] = []
    if rules.effective_from > gift.received_on:
        reasons.append(
            _(
                "No version of the rules that Cegah holds was in force on %(date)s; the "
                "earliest, %(regulation)s, was used."
            )
            % {"date": long_date(gift.received_on), "regulation": rules.regulation}
        )

    exemption: ExemptionRule | None = None
    misses: list[str] = []
    for rule in rules.exemptions:
        if rule.repealed or not _in_scope(rule, gift):
            continue
        miss = _miss_reason(rule, gift)
        if miss is None:
            exemption = rule
            break
        if _is_about(rule, gift):
            misses.append(miss)

    if exemption is not None:
        return _exempt(gift, rules, exemption, reasons)

    if gift.has_conflict_of_interest:
        reasons.append(_interest_reason(gift))

    reasons.append(
        _(
            "Every gratification to a civil servant or state official must be reported to KPK "
            "unless an exemption of %(article)s %(citation)s covers it, and none covers this one."
        )
        % {
            "article": rules.exemptions[0].article if rules.exemptions else "Pasal 2 ayat (3)",
            "citation": rules.citation,
        }
    )
    reasons.extend(misses)
    burden = gift.value_idr >= BURDEN_OF_PROOF_THRESHOLD_IDR
    if burden:
        reasons.append(
            _(
                "Because it is worth %(threshold)s or more, if you do not report it you would "
                "have to prove that it was not a bribe (Pasal 12B ayat (1) huruf a %(statute)s)."
            )
            % {"threshold": rupiah(BURDEN_OF_PROOF_THRESHOLD_IDR), "statute": rules.statute}
        )

    deadline = add_working_days(gift.received_on, rules.report_deadline_working_days)
    upg_deadline = add_working_days(gift.received_on, rules.upg_deadline_working_days)
    deadline_passed = today > deadline
    upg_deadline_passed = today > upg_deadline
    advice.append(
        _(
            "Refuse gifts connected to your office. If you could not refuse this one, report "
            "it; reporting protects you."
        )
    )
    # A passed deadline is the page's headline (what was missed, that a late report is still
    # accepted, what to do now), so the dates are only repeated here while they still hold.
    if not deadline_passed:
        advice.append(
            _(
                "Report it to KPK by %(deadline)s (%(days)s working days after you received "
                "it), for example through Gratifikasi Online at gol.kpk.go.id."
            )
            % {"deadline": long_date(deadline), "days": rules.report_deadline_working_days}
        )
    if not upg_deadline_passed:
        advice.append(
            _(
                "If your agency has a gratification control unit (UPG), you can report it there "
                "instead by %(deadline)s (%(days)s working days after you received it); the UPG "
                "forwards it to KPK."
            )
            % {"deadline": long_date(upg_deadline), "days": rules.upg_deadline_working_days}
        )
    if gift.form in PERISHABLE_FORMS:
        advice.append(
            _(
                "Food that spoils may be passed on to a social institution such as an "
                "orphanage: document the handover and report it."
            )
        )
    else:
        advice.append(
            _(
                "Until KPK decides whether the gift is yours or the state's, keep it and do not "
                "use it."
            )
        )
    if gift.occasion == "religious_holiday":
        advice.append(
            _(
                "Asking for or accepting holiday allowances (THR) or parcels connected to your "
                "office is forbidden."
            )
        )
    if gift.giver_relation == "unknown":
        advice.append(_("You can report it even if you do not know who gave it."))
    return Assessment(
        rules=rules,
        must_report=True,
        exemption=None,
        deadline=deadline,
        upg_deadline=upg_deadline,
        burden_of_proof_on_recipient=burden,
        reasons=reasons,
        advice=advice,
        legal_basis=rules.reporting_basis,
        deadline_passed=deadline_passed,
        upg_deadline_passed=upg_deadline_passed,
    )


def _exempt(gift: Gift, rules: Rules, rule: ExemptionRule, reasons: list[str]) -> Assessment:
    reasons.append(
        _("It falls under %(citation)s: %(title)s.")
        % {"citation": rule.citation(rules), "title": rule.title()}
    )
    if rule.max_per_gift_idr is not None:
        reasons.append(
            _("It is worth %(value)s, within the limit of %(limit)s per gift from one giver.")
            % {"value": rupiah(gift.value_idr), "limit": rupiah(rule.max_per_gift_idr)}
        )
    advice = [_("You do not need to report this gift, but you may report it if you are unsure.")]
    if rule.max_per_giver_per_year_idr is not None:
        total = gift.same_giver_total_this_year_idr + gift.value_idr
        reasons.append(
            _(
                "With this gift the same giver has given you %(total)s this year, within the "
                "limit of %(limit)s a year."
            )
            % {"total": rupiah(total), "limit": rupiah(rule.max_per_giver_per_year_idr)}
        )
        advice.append(
            _(
                "Keep a note of what this giver gives you this year: once the total passes "
                "%(limit)s, further gifts must be reported."
            )
            % {"limit": rupiah(rule.max_per_giver_per_year_idr)}
        )
    if rule.conditions.require.get("to_institution"):
        advice.append(_("Record it as the agency's property, not as a personal gift."))
    return Assessment(
        rules=rules,
        must_report=False,
        exemption=rule,
        deadline=None,
        upg_deadline=None,
        burden_of_proof_on_recipient=False,
        reasons=reasons,
        advice=advice,
        legal_basis=[rule.citation(rules)],
    )

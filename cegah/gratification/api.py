"""`POST /api/v1/gratification/assessments`: must this gift be reported, and by when?

Public and anonymous; nothing is stored. The answer is judged by the rules version in force
on `received_on` and phrased in the request's language (Accept-Language: id or en).
"""

import datetime as dt
import re
from typing import Annotated
from zoneinfo import ZoneInfo

from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Router
from ninja.errors import HttpError
from pydantic import BaseModel, ConfigDict, Field, StrictBool, field_validator

from cegah.api.errors import responses
from cegah.api.params import WholeNumber
from cegah.gratification.models import assess_gift, rules_in_force_on
from cegah.gratification.rules import (
    Assessment,
    Form,
    Gift,
    GiverRelation,
    Kind,
    Occasion,
)

router = Router(tags=["gratification"])

# Indonesia's easternmost zone: a date that is already "today" anywhere in the country is
# not in the future.
_EASTERNMOST = ZoneInfo("Asia/Jayapura")
# Far above any real gift, low enough that nobody sends a number we cannot print.
_MAX_IDR = 10**15

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)

Rupiah = Annotated[WholeNumber, Field(ge=0, le=_MAX_IDR)]


class AssessmentIn(BaseModel):
    """A gift as the recipient describes it."""

    model_config = ConfigDict(extra="forbid")

    received_on: dt.date = Field(description="The day the gift was received; not in the future.")
    value_idr: Rupiah = Field(description="Its value (or estimate) in rupiah.")
    form: Form
    kind: Kind = "gift"
    giver_relation: GiverRelation
    occasion: Occasion = "none"
    because_of_office: StrictBool = Field(
        False, description="The recipient was given it because of their job or position."
    )
    conflict_of_interest: StrictBool = Field(
        False,
        description=(
            "The giver has an interest in the recipient's decisions. A giver_relation of "
            "service_user, business_partner or subordinate always counts as one."
        ),
    )
    general_terms: StrictBool = Field(
        False, description="Offered on the same terms to the public or to all participants."
    )
    within_cost_standard: StrictBool = Field(
        False, description="An honorarium within the applicable cost standard."
    )
    double_funding: StrictBool = Field(
        False, description="The activity is also paid for from another budget."
    )
    to_institution: StrictBool = Field(
        False, description="Given to the agency in official relations, not to a person."
    )
    same_giver_total_this_year_idr: Rupiah = Field(
        0, description="What the same giver already gave this calendar year, this gift excluded."
    )

    @field_validator("received_on", mode="before")
    @classmethod
    def _iso_date_text(cls, value: object) -> object:
        if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
            raise ValueError(_("Must be a date written as YYYY-MM-DD."))
        return value

    @field_validator("received_on")
    @classmethod
    def _not_in_future(cls, value: dt.date) -> dt.date:
        if value > dt.datetime.now(_EASTERNMOST).date():
            raise ValueError(_("Must not be in the future."))
        return value

    def to_gift(self) -> Gift:
        return Gift(**self.model_dump())


class ExemptionOut(BaseModel):
    regulation: str
    article: str
    letter: str
    title: str
    citation: str = Field(
        description=(
            "As a lawyer cites it, in Indonesian: “Pasal 2 ayat (3) huruf l Peraturan KPK Nomor "
            "2 Tahun 2019 sebagaimana diubah dengan Peraturan KPK Nomor 1 Tahun 2026”."
        )
    )


class RulesVersionOut(BaseModel):
    regulation: str
    effective_from: dt.date


class AssessmentOut(BaseModel):
    must_report: bool
    exemption: ExemptionOut | None
    rules_version: RulesVersionOut
    deadline: dt.date | None
    upg_deadline: dt.date | None
    deadline_passed: bool = Field(
        description="The deadline to report to KPK passed before today; a late report is still "
        "accepted."
    )
    burden_of_proof_on_recipient: bool
    legal_basis: list[str] = Field(
        description="The provisions the answer rests on, cited in Indonesian: for a gift that "
        "must be reported, Pasal 12B and 12C of the statute and the regulation's duty to report; "
        "otherwise the exemption."
    )
    reasons: list[str]
    advice: list[str]

    @classmethod
    def from_assessment(cls, result: Assessment) -> "AssessmentOut":
        rule = result.exemption
        return cls(
            must_report=result.must_report,
            exemption=None
            if rule is None
            else ExemptionOut(
                regulation=result.rules.regulation,
                article=rule.article,
                letter=rule.letter,
                title=rule.title(),
                citation=rule.citation(result.rules),
            ),
            rules_version=RulesVersionOut(
                regulation=result.rules.regulation, effective_from=result.rules.effective_from
            ),
            deadline=result.deadline,
            upg_deadline=result.upg_deadline,
            deadline_passed=result.deadline_passed,
            burden_of_proof_on_recipient=result.burden_of_proof_on_recipient,
            legal_basis=result.legal_basis,
            reasons=result.reasons,
            advice=result.advice,
        )


@router.post(
    "/assessments",
    response={200: AssessmentOut, **responses(503)},
    auth=None,
    summary="Assess whether a gift must be reported",
)
def create_assessment(request: HttpRequest, payload: AssessmentIn) -> AssessmentOut:
    """Whether the gift must be reported to KPK and by when, which exemption of Pasal 2 ayat (3)
    applies if not, and why, under the rules in force on `received_on`.

    `deadline` is the 30th working day after receipt, `upg_deadline` the 10th (Saturdays,
    Sundays, public holidays and cuti bersama do not count); both are null when the gift need
    not be reported. `reasons` and `advice` follow Accept-Language (`id` or `en`).
    """
    if rules_in_force_on(payload.received_on) is None:
        raise HttpError(503, _("No gratification rules are loaded."))
    # Not request.LANGUAGE_CODE: LocaleMiddleware gives every path outside i18n_patterns the
    # default language, and API clients choose theirs with Accept-Language.
    language = translation.get_language_from_request(request)
    with translation.override(language):
        result = assess_gift(payload.to_gift())
        return AssessmentOut.from_assessment(result)

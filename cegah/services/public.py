"""What the services app offers the rest of Cegah: the fee check (the assistant, the chat
and the offices' posters use it) and the link to an overcharge complaint."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone, translation

from cegah.services import matching
from cegah.services.models import FeeItem, Service


@dataclass(frozen=True)
class LegalBasisAnswer:
    title: str
    article: str
    url: str | None
    annex_item: str = ""


@dataclass(frozen=True)
class FeeAnswer:
    """One official fee in force, as the public sees it."""

    service_code: str
    service_name: str
    fee_idr: int
    free: bool
    unit: str
    conditions: str
    legal_basis: list[LegalBasisAnswer]
    valid_from: dt.date
    valid_to: dt.date | None
    confidence: str
    score: float
    url: str
    label: str = ""
    covers: str = ""
    not_covered: str = ""
    exemptions: str = ""
    region_code: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def answer_for(item: FeeItem, service: Service, score: float) -> FeeAnswer:
    """A fee item as an answer, in the active language."""
    return FeeAnswer(
        service_code=service.code,
        service_name=service.label,
        fee_idr=int(item.amount_idr),
        free=item.free,
        unit=item.unit_text,
        conditions=item.conditions_text,
        legal_basis=[
            LegalBasisAnswer(b.title, b.article, b.url or None, b.annex_item)
            for b in item.legal_bases.all()
        ],
        valid_from=item.valid_from,
        valid_to=item.valid_to,
        confidence=item.confidence,
        score=round(score, 4),
        url=reverse("services:service", args=[service.code]),
        label=item.label_text,
        covers=item.covers_text,
        not_covered=item.not_covered_text,
        exemptions=item.exemptions_text,
        region_code=item.region_code,
    )


def check_fee(
    question: str,
    *,
    on: dt.date | None = None,
    region_code: str | None = None,
    language: str = "id",
    limit: int = 3,
) -> list[FeeAnswer]:
    """The official fees a question in a person's words asks about, best match first: only
    items in force on `on` (default today, Jakarta), the region's local levy where the law
    lets it replace the national one. A service that had no fee that day is not priced."""
    day = on or timezone.localdate()
    answers: list[FeeAnswer] = []
    with translation.override(language):
        for match in matching.find(
            question, on=day, region_code=region_code, language=language, limit=limit
        ):
            for item, bonus in match.items:
                answers.append(answer_for(item, match.service, match.score + bonus))
    # Best service first, and within it the case the question names (`find` already orders).
    return answers[:limit]


def overcharge_complaint_url(
    *,
    service_code: str,
    office_code: str = "",
    official_fee_idr: int | None = None,
    asked_idr: int | None = None,
) -> str:
    """The complaint form prefilled for "I was asked for more than the official fee"."""
    params: dict[str, str] = {"layanan": service_code}
    if office_code:
        params["kantor"] = office_code
    if official_fee_idr is not None:
        params["biaya_resmi"] = str(int(official_fee_idr))
    if asked_idr is not None:
        params["diminta"] = str(int(asked_idr))
    return reverse("complaints:new") + "?" + urlencode(params)


@dataclass(frozen=True)
class ServiceSummary:
    code: str
    name: str
    url: str
    sector: str = ""


def service_summary(code: str) -> ServiceSummary | None:
    """A live service's name and page, for other apps (complaints' staff page)."""
    service = Service.objects.public().filter(code=code).first()
    if service is None:
        return None
    return ServiceSummary(service.code, service.label, service.get_absolute_url(), service.sector)

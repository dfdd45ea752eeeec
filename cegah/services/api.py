"""`/api/v1/services`: the fee check, and the public services and fee items (live versions
only, with their history: every version, each with its dates).

No `from __future__ import annotations`: ninja reads the `Query[...]` annotations at import."""

import datetime as dt

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate

from cegah.api.errors import responses
from cegah.api.params import IsoDate, Pages, object_id
from cegah.services.access import get_public_fee_item, get_public_service
from cegah.services.models import Confidence, FeeItem, Sector, Service
from cegah.services.public import check_fee

router = Router(tags=["services"])

REGION_PATTERN = r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$"


class ServiceRef(Schema):
    code: str
    name: str


class LegalBasisOut(Schema):
    title: str
    article: str
    url: str | None


class FeeResult(Schema):
    service: ServiceRef
    fee_idr: int = Field(description="Whole rupiah; 0 means free by law.")
    free: bool
    unit: str
    conditions: str
    legal_basis: list[LegalBasisOut]
    valid_from: dt.date
    valid_to: dt.date | None = Field(description="The last day in force; null: still in force.")
    confidence: Confidence


class FeeCheckOut(Schema):
    results: list[FeeResult]


class FeeCheckQuery(Schema):
    q: str = Field(..., min_length=1, max_length=300, description="The question, in any words.")
    on: IsoDate | None = Field(None, description="The day asked about; default: today.")
    region: str | None = Field(
        None,
        pattern=REGION_PATTERN,
        description='Kemendagri region code ("33.10"): its local levies where the law lets them.',
    )


@router.get(
    "/fee-check",
    response={200: FeeCheckOut, **responses(422)},
    auth=None,
    summary="The official fee a question asks about",
)
def fee_check(request: HttpRequest, query: Query[FeeCheckQuery]) -> dict[str, object]:
    """Best match first; only fee items in force on `on` (a service that did not exist yet on
    that day is not priced)."""
    answers = check_fee(
        query.q,
        on=query.on or timezone.localdate(),
        region_code=query.region or None,
        language="id",
        limit=5,
    )
    return {
        "results": [
            {
                "service": {"code": a.service_code, "name": a.service_name},
                "fee_idr": a.fee_idr,
                "free": a.free,
                "unit": a.unit,
                "conditions": a.conditions,
                "legal_basis": [
                    {"title": b.title, "article": b.article, "url": b.url} for b in a.legal_basis
                ],
                "valid_from": a.valid_from,
                "valid_to": a.valid_to,
                "confidence": a.confidence,
            }
            for a in answers
        ]
    }


class ServiceOut(Schema):
    code: str
    name: str
    name_en: str
    sector: Sector
    description: str
    url: str

    @staticmethod
    def resolve_url(obj: Service) -> str:
        return obj.get_absolute_url()


class FeeItemOut(Schema):
    id: int
    service: str = Field(description="The service's code.")
    variant: str
    label: str
    label_en: str
    fee_idr: int
    free: bool
    unit: str
    conditions: str
    covers: str
    not_covered: str
    exemptions: str
    region_code: str = Field(description="Empty for a national fee.")
    regions_may_override: bool
    valid_from: dt.date
    valid_to: dt.date | None
    confidence: Confidence
    last_checked: dt.date | None
    legal_basis: list[LegalBasisOut]

    @staticmethod
    def resolve_service(obj: FeeItem) -> str:
        return obj.service.code

    @staticmethod
    def resolve_fee_idr(obj: FeeItem) -> int:
        return int(obj.amount_idr)

    @staticmethod
    def resolve_legal_basis(obj: FeeItem) -> list[dict[str, object]]:
        return [
            {"title": b.title, "article": b.article, "url": b.url or None}
            for b in obj.legal_bases.all()
        ]


class ServiceDetailOut(ServiceOut):
    fee_items: list[FeeItemOut] = Field(description="Every live version, oldest first.")

    @staticmethod
    def resolve_fee_items(obj: Service) -> list[FeeItem]:
        return list(
            FeeItem.objects.public()
            .filter(service=obj)
            .select_related("service")
            .prefetch_related("legal_bases")
            .order_by("sort_order", "variant", "region_code", "valid_from")
        )


class ServiceFilters(Schema):
    sector: Sector | None = Field(None, description="Only services of this sector.")


@router.get("", response=list[ServiceOut], auth=None, summary="Public services")
@paginate(Pages, page_size=50)
def list_services(request: HttpRequest, filters: Query[ServiceFilters]) -> QuerySet[Service]:
    """Live services, in the order the fee check's pages show them."""
    qs = Service.objects.public()
    if filters.sector:
        qs = qs.filter(sector=filters.sector)
    return qs.order_by("sort_order", "code")


class FeeFilters(Schema):
    service: str | None = Field(None, max_length=80, description="A service's code.")
    on: IsoDate | None = Field(None, description="Only items in force on this day.")
    region: str | None = Field(
        None, pattern=REGION_PATTERN, description="Only this region's local levies."
    )
    national: bool | None = Field(None, description="true: national items only.")


@router.get("/fee-items", response=list[FeeItemOut], auth=None, summary="Fee items")
@paginate(Pages, page_size=50)
def list_fee_items(request: HttpRequest, filters: Query[FeeFilters]) -> QuerySet[FeeItem]:
    """Live fee item versions with their legal basis; all periods unless `on` is given."""
    qs = FeeItem.objects.public().select_related("service").prefetch_related("legal_bases")
    if filters.service:
        qs = qs.filter(service__code=filters.service)
    if filters.on:
        qs = qs.in_force(filters.on)
    if filters.region:
        qs = qs.filter(region_code=filters.region)
    if filters.national:
        qs = qs.national()
    return qs.order_by("service__sort_order", "service__code", "sort_order", "valid_from", "pk")


@router.get(
    "/fee-items/{item_id}",
    response={200: FeeItemOut, **responses(404, 422)},
    auth=None,
    summary="One fee item",
)
def get_fee_item(request: HttpRequest, item_id: int = object_id("The fee item's id.")) -> FeeItem:
    """A live fee item version; 404 when there is none."""
    return get_public_fee_item(item_id)


@router.get(
    "/{code}",
    response={200: ServiceDetailOut, **responses(404, 422)},
    auth=None,
    summary="One public service with its fee history",
)
def get_service(
    request: HttpRequest,
    code: str = Path(..., max_length=80, pattern=r"^[-a-zA-Z0-9_]+$", description="Its code."),
) -> Service:
    """The service and every live fee item version; 404 when there is no such live service."""
    return get_public_service(code)

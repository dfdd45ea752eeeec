"""The offices API (mounted by `cegah.api.api` under `/api/v1/offices`).

`GET /offices` and `GET /offices/{code}` are public: the offices, their service standards with
the fees in force from the fee registry, and their sector figures. `POST /offices/import`
takes a CSV or XLSX file with a personal token, for staff who manage the agency's offices
(as on `/unit-layanan/impor/`): every row or none, every bad row named by line and column.
"""

# No `from __future__ import annotations` here: ninja's `@paginate` re-reads the view's
# signature, and a string annotation `Query[OfficeFilters]` cannot be resolved from its module.
import datetime as dt
from typing import IO, Any, cast

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import paginate
from ninja.responses import Status

from cegah.api.auth import TokenAuth
from cegah.api.errors import ApiError, ErrorItem
from cegah.api.params import Pages
from cegah.offices import access, actions, fees, sector
from cegah.offices.importing import MAX_BYTES
from cegah.offices.models import ImportKind, Office, OfficeKind, ServiceStandard
from cegah.offices.public import complaint_url
from cegah.offices.search import ordered, search_offices

router = Router(tags=["offices"])


class OfficeRegion(Schema):
    code: str
    name: str


class OfficeOut(Schema):
    code: str
    name: str
    kind: OfficeKind
    region: OfficeRegion
    url: str = Field(description="The office's public page.")


class OfficeFilters(Schema):
    q: str = Field("", max_length=200, description="Words of the name, kind or place.")
    region: str = Field(
        "",
        pattern=r"^(\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?)?$",
        description="A Kemendagri region code: offices in it and below it.",
    )
    kind: OfficeKind | None = None


def _office(office: Office) -> OfficeOut:
    return OfficeOut(
        code=office.code,
        name=office.name,
        kind=OfficeKind(office.kind),
        region=OfficeRegion(code=office.region_id, name=office.region.name),
        url=office.get_absolute_url(),
    )


# Counting every office that matches one common word ("sekolah": a third of all offices)
# costs more than the page itself; past this many, `count` says "at least this many".
COUNT_CAP = 10_000


class _Page(Pages):
    def _items_count(self, queryset: Any) -> int:
        return int(queryset.order_by()[:COUNT_CAP].count())

    def paginate_queryset(
        self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        page = super().paginate_queryset(queryset, pagination, request, **params)
        page["items"] = [_office(o) for o in page["items"]]
        return page


@router.get("", response=list[OfficeOut], auth=None, summary="Service offices")
@paginate(_Page, page_size=50)
def list_offices(request: HttpRequest, filters: Query[OfficeFilters]) -> Any:
    """Offices whose name, kind or region holds every word of `q` (Indonesian stemming,
    word prefixes), optionally within a region and of one kind, by name (by id when more
    than 1,000 match). `count` stops at 10,000: 10,000 means "10,000 or more"."""
    return ordered(
        search_offices(filters.q, region_code=filters.region, kind=filters.kind or "")
    ).select_related("region")


class BasisOut(Schema):
    title: str
    article: str
    url: str | None


class FeeOut(Schema):
    fee_idr: int
    free: bool
    label: str
    unit: str
    conditions: str
    covers: str
    not_covered: str
    valid_from: dt.date
    confidence: str
    local: bool = Field(description="A regional levy (Perda/Perkada) rather than the national fee.")
    legal_basis: list[BasisOut]


class StandardOut(Schema):
    service_code: str
    service_name: str
    requirements: str
    procedure: str
    completion_time: str
    fees: list[FeeOut] = Field(
        description="The fees in force today from the fee registry; empty when none is "
        "recorded (unknown, not free)."
    )
    fee_note: str
    product: str
    complaints: str
    report_url: str


class BosOut(Schema):
    year: int
    stage: int
    students: int | None
    received_idr: int
    spent_idr: int | None


class VillageFundsOut(Schema):
    year: int
    stage: int
    ceiling_idr: int | None
    disbursed_idr: int


class HealthOut(Schema):
    year: int
    accreditation: str
    beds: int | None
    doctors: int | None
    bpjs_partner: bool | None


class OfficeDetailOut(OfficeOut):
    address: str
    phone: str
    email: str
    website: str
    agency: str | None = Field(description="The responsible agency's code.")
    standards: list[StandardOut]
    bos: list[BosOut]
    village_funds: list[VillageFundsOut]
    health: list[HealthOut]
    report_url: str = Field(description="The complaint form prefilled with this office.")


class OfficeImportCounts(Schema):
    kind: ImportKind
    dry_run: bool
    rows: int = Field(description="Rows read from the file (blank rows not counted).")
    created: int = Field(description="Rows created (0 for a dry run).")
    updated: int = Field(description="Rows that replaced stored ones (0 for a dry run).")
    unknown_columns: list[str]


class OfficeImportErrors(ApiError):
    """`ApiError` with every bad row (up to 5,000 listed) and the total count."""

    error_count: int = 0
    unknown_columns: list[str] = Field(default_factory=list)


def _row_error(line: int, column: str, message: str) -> ErrorItem:
    return ErrorItem(
        loc=["body", "file", line, column],
        msg=message,
        type="import_error",
        line=line,
        column=column,
    )


@router.post(
    "/import",
    auth=TokenAuth(),
    response={200: OfficeImportCounts, 404: ApiError, 422: OfficeImportErrors},
    summary="Import offices, service standards or sector figures",
)
def import_offices(
    request: HttpRequest,
    file: File[UploadedFile],
    kind: Form[ImportKind],
    agency: Form[str],
    dry_run: Form[bool] = False,
) -> Status[OfficeImportCounts] | Status[OfficeImportErrors]:
    """A CSV or XLSX file (at most 300 MB) of `kind` for `agency` (the code of an agency whose
    offices the token's person manages; 404 otherwise), read as on `/unit-layanan/impor/`:
    the column mappings are listed there. Any bad row: 422 with every error (line, column,
    message) and nothing imported. `dry_run=true` checks without importing."""
    access.require_manager(request.user)
    owner = access.get_managed_agency(request.user, agency)
    if file.size is not None and file.size > MAX_BYTES:
        return Status(
            422,
            OfficeImportErrors(
                detail=_("Nothing was imported"),
                code="invalid",
                errors=[_row_error(1, "", _("The file is larger than 300 MB."))],
                error_count=1,
            ),
        )
    report = actions.import_file(
        actor=request.user,  # type: ignore[arg-type]
        kind=kind,
        agency=owner,
        stream=cast("IO[bytes]", file.file),
        file_name=file.name or "",
        dry_run=dry_run,
    )
    if not report.ok:
        return Status(
            422,
            OfficeImportErrors(
                detail=_("Nothing was imported"),
                code="invalid",
                errors=[_row_error(e.line, e.column, e.message) for e in report.errors],
                error_count=report.error_count,
                unknown_columns=report.unknown_columns,
            ),
        )
    return Status(
        200,
        OfficeImportCounts(
            kind=ImportKind(kind),
            dry_run=dry_run,
            rows=report.lines,
            created=report.created,
            updated=report.updated,
            unknown_columns=report.unknown_columns,
        ),
    )


# After `/import`: ninja matches paths in order, and `/{code}` would take `/import`.
@router.get(
    "/{code}",
    response={200: OfficeDetailOut, 404: ApiError},
    auth=None,
    summary="One office with its standards, fees and sector figures",
)
def get_office(request: HttpRequest, code: str) -> OfficeDetailOut:
    office = get_object_or_404(Office.objects.select_related("region", "agency"), code=code)
    standards = list(
        ServiceStandard.objects.filter(office=office)
        .select_related("service")
        .order_by("service__sort_order", "service__code")
    )
    found = fees.fees_for(
        [s.service.code for s in standards], region_code=office.region_id, on=timezone.localdate()
    )
    figures = sector.office_figures(office)
    return OfficeDetailOut(
        **_office(office).model_dump(),
        address=office.address,
        phone=office.phone,
        email=office.email,
        website=office.website,
        agency=office.agency.code if office.agency else None,
        standards=[
            StandardOut(
                service_code=s.service.code,
                service_name=s.service.label,
                requirements=s.requirements,
                procedure=s.procedure,
                completion_time=s.completion_time,
                fees=[
                    FeeOut(
                        fee_idr=f.amount_idr,
                        free=f.free,
                        label=f.label,
                        unit=f.unit,
                        conditions=f.conditions,
                        covers=f.covers,
                        not_covered=f.not_covered,
                        valid_from=f.valid_from,
                        confidence=f.confidence,
                        local=f.local,
                        legal_basis=[
                            BasisOut(title=b.title, article=b.article, url=b.url or None)
                            for b in f.legal_basis
                        ],
                    )
                    for f in found.get(s.service.code, [])
                ],
                fee_note=s.fee_note,
                product=s.product,
                complaints=s.complaints,
                report_url=complaint_url(office.code, s.service.code),
            )
            for s in standards
        ],
        bos=[
            BosOut(
                year=r.year,
                stage=r.stage,
                students=r.students,
                received_idr=r.received_idr,
                spent_idr=r.spent_idr,
            )
            for r in figures["bos"]
        ],
        village_funds=[
            VillageFundsOut(
                year=r.year, stage=r.stage, ceiling_idr=r.ceiling_idr, disbursed_idr=r.disbursed_idr
            )
            for r in figures["village_funds"]
        ],
        health=[
            HealthOut(
                year=r.year,
                accreditation=r.accreditation,
                beds=r.beds,
                doctors=r.doctors,
                bpjs_partner=r.bpjs_partner,
            )
            for r in figures["health"]
        ],
        report_url=complaint_url(office.code),
    )

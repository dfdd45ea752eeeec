"""Staff API of campaigns: import participants and read the numbers.

`POST /api/v1/campaigns/{id}/participants/import` and `GET /api/v1/campaigns/{id}/stats`,
both for the campaign's managers with a personal token; anyone else gets a 404.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status

from cegah.api.auth import TokenAuth
from cegah.campaigns import access, actions, importing, stats
from cegah.campaigns.models import Campaign

router = Router(tags=["campaigns"], auth=TokenAuth())


class ImportCounts(Schema):
    dry_run: bool
    rows: int
    participants: int
    duplicates_merged: int
    created: int
    updated: int


class ImportError_(Schema):
    line: int
    column: str
    message: str


class ImportErrors(Schema):
    detail: str
    errors: list[ImportError_]


@router.post(
    "/{campaign_id}/participants/import",
    response={200: ImportCounts, 422: ImportErrors},
    summary="Import participants from CSV or XLSX",
)
def import_participants(
    request: HttpRequest,
    campaign_id: int,
    file: File[UploadedFile],
    dry_run: Form[bool] = False,
) -> Status[ImportCounts] | Status[ImportErrors]:
    """Columns `nip,name,unit_code,phone,email` (header on line 1). Any bad row: 422 with every
    error and nothing imported. A NIP that appears twice: the last row wins; a NIP already in
    the campaign is updated. `dry_run=true` checks without importing."""
    campaign = access.get_campaign_for_manager(request.user, campaign_id)
    report = importing.check_file(campaign, file, file.name or "")
    if not report.ok:
        return Status(
            422,
            ImportErrors(
                detail="The file has errors; nothing was imported.",
                errors=[
                    ImportError_(line=e.line, column=e.column, message=e.message)
                    for e in report.errors
                ],
            ),
        )
    counts = {"created": 0, "updated": 0}
    if not dry_run:
        try:
            counts = actions.import_participants(
                actor=request.user,  # type: ignore[arg-type]
                campaign=campaign,
                report=report,
            )
        except actions.CampaignError as exc:
            return Status(422, ImportErrors(detail=exc.message, errors=[]))
    return Status(
        200,
        ImportCounts(
            dry_run=dry_run,
            rows=report.lines,
            participants=len(report.rows),
            duplicates_merged=report.duplicates,
            created=counts["created"],
            updated=counts["updated"],
        ),
    )


class DayOut(Schema):
    day: dt.date
    confirmed: int
    percent: float


class AgencyStatsOut(Schema):
    code: str
    name: str
    participants: int
    days: list[DayOut]
    clicks: int
    unique_visitors: int


class StatsOut(Schema):
    campaign: int
    participants: int
    clicks: int
    unique_visitors: int
    totals: list[DayOut]
    agencies: list[AgencyStatsOut]


@router.get("/{campaign_id}/stats", response=StatsOut, summary="A campaign's numbers")
def campaign_stats(request: HttpRequest, campaign_id: int) -> StatsOut:
    """Per agency: participants, confirmed participants per day, clicks. A unit head sees only
    the units they head."""
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    scope = access.dashboard_scope(request.user, campaign)
    numbers = stats.campaign_stats(campaign, scope)
    return StatsOut(
        campaign=campaign.pk,
        participants=numbers["participants"],
        clicks=numbers["clicks"],
        unique_visitors=numbers["unique_visitors"],
        totals=[DayOut(**d) for d in numbers["totals"]],
        agencies=[
            AgencyStatsOut(
                code=a["code"],
                name=a["name"],
                participants=a["participants"],
                days=[DayOut(**d) for d in a["days"]],
                clicks=a["clicks"],
                unique_visitors=a["unique_visitors"],
            )
            for a in numbers["agencies"]
        ],
    )

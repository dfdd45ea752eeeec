"""Staff API of campaigns: list and read campaigns, import participants, read the numbers.

`GET /api/v1/campaigns` and `GET /api/v1/campaigns/{id}` (the campaigns the token's person
manages, and national ones their government may join),
`POST /api/v1/campaigns/{id}/participants/import` and `GET /api/v1/campaigns/{id}/stats`,
all with a personal token; anyone else gets a 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import paginate
from ninja.responses import Status

from cegah.api.auth import TokenAuth
from cegah.api.errors import ApiError, ErrorItem, responses
from cegah.api.params import Pages, object_id
from cegah.campaigns import access, actions, importing, stats
from cegah.campaigns.models import Campaign
from cegah.campaigns.models import Status as CampaignStatus

router = Router(tags=["campaigns"], auth=TokenAuth())


class AgencyRef(Schema):
    code: str
    name: str


class ItemRef(Schema):
    id: int
    title: str


class ScheduleDayOut(Schema):
    day: dt.date
    item: ItemRef = Field(description="The day's first material (see `items` for all).")
    items: list[ItemRef] = Field(description="Every material of the day, in order.")
    caption: str


class CircularOut(Schema):
    number: str = Field(description="The circular letter's number, empty when none.")
    date: dt.date | None
    signatory: str


class CampaignSummaryOut(Schema):
    id: int
    title: str
    status: CampaignStatus
    organiser: AgencyRef
    starts_on: dt.date
    ends_on: dt.date
    managed: bool = Field(description="False for a national campaign the person may join.")
    url: str = Field(description="The staff page of the campaign (absolute).")
    calendar_url: str | None = Field(
        description="The public iCalendar feed of the schedule (absolute); null for a draft."
    )


class CampaignOut(CampaignSummaryOut):
    goal: str
    parent: int | None = Field(description="The national campaign this one joined.")
    circular: CircularOut
    channels: list[str]
    groups: list[str]
    landing_url: str = Field(description="Where the participants' short links lead (absolute).")
    target_agencies: list[AgencyRef]
    schedule: list[ScheduleDayOut]


def visible_campaigns(request: HttpRequest) -> tuple[QuerySet[Campaign], set[int]]:
    """The campaigns the person manages and the national ones their government may still join,
    with the ids of those they manage."""
    managed = Campaign.objects.managed_by(request.user)
    governments = access.joining_governments(request.user)
    query = Q(pk__in=managed.values("pk"))
    if governments:
        joinable = Campaign.objects.joinable().exclude(copies__organiser__in=governments)
        query |= Q(pk__in=joinable.values("pk"))
    elif not access.managing_agencies(request.user):
        return Campaign.objects.none(), set()
    return (
        Campaign.objects.filter(query).select_related("organiser"),
        set(managed.values_list("pk", flat=True)),
    )


def _summary(request: HttpRequest, campaign: Campaign, managed: set[int]) -> dict[str, Any]:
    organiser = campaign.organiser
    return {
        "id": campaign.pk,
        "title": campaign.title,
        "status": campaign.status,
        "organiser": AgencyRef(code=organiser.code, name=organiser.name),
        "starts_on": campaign.starts_on,
        "ends_on": campaign.ends_on,
        "managed": campaign.pk in managed,
        "url": request.build_absolute_uri(campaign.get_absolute_url()),
        "calendar_url": None
        if campaign.status == CampaignStatus.DRAFT
        else request.build_absolute_uri(reverse("campaigns:calendar", args=[campaign.pk])),
    }


class _Page(Pages):
    """Pages of 50; the campaigns are turned into their representation after slicing."""

    def paginate_queryset(
        self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        page = super().paginate_queryset(queryset, pagination, request, **params)
        ids = [c.pk for c in page["items"]]
        managed = set(
            Campaign.objects.managed_by(request.user)
            .filter(pk__in=ids)
            .values_list("pk", flat=True)
        )
        page["items"] = [CampaignSummaryOut(**_summary(request, c, managed)) for c in page["items"]]
        return page


@router.get("", response=list[CampaignSummaryOut], summary="The person's campaigns")
@paginate(_Page, page_size=50)
def list_campaigns(request: HttpRequest) -> Any:
    """The campaigns the token's person manages (in their agencies and those below), and the
    national campaigns their regional government may join; newest first."""
    campaigns, _managed = visible_campaigns(request)
    return campaigns.order_by("-starts_on", "-pk")


@router.get(
    "/{campaign_id}",
    response={200: CampaignOut, **responses(404)},
    summary="One campaign with its schedule and target agencies",
)
def get_campaign(request: HttpRequest, campaign_id: int = object_id()) -> CampaignOut:
    """Status, period, circular letter, channels, target agencies (with their codes), the
    schedule and the public calendar feed. Campaigns of other agencies are a 404."""
    campaigns, managed = visible_campaigns(request)
    campaign = get_object_or_404(campaigns, pk=campaign_id)
    targets = campaign.targets.order_by("name")
    schedule = campaign.schedule.with_items().order_by("day")
    return CampaignOut(
        **_summary(request, campaign, managed),
        goal=campaign.goal,
        parent=campaign.parent_id,
        circular=CircularOut(
            number=campaign.circular_number,
            date=campaign.circular_date,
            signatory=campaign.circular_signatory,
        ),
        channels=list(campaign.channels),
        groups=list(campaign.groups),
        landing_url=campaign.landing_url
        or request.build_absolute_uri(reverse("campaigns:landing", args=[campaign.pk])),
        target_agencies=[AgencyRef(code=a.code, name=a.name) for a in targets],
        schedule=[
            ScheduleDayOut(day=s.day, item=refs[0], items=refs, caption=s.caption)
            for s in schedule
            if (refs := [ItemRef(id=i.pk, title=i.title) for i in s.ordered_items()])
        ],
    )


class ImportCounts(Schema):
    dry_run: bool
    rows: int
    participants: int
    duplicates_merged: int
    created: int
    updated: int


def import_errors(detail: str, errors: list[Any]) -> ApiError:
    """A refused file as an `ApiError`: each row's error at `body`, `file`, line, column."""
    return ApiError(
        detail=detail,
        code="invalid",
        errors=[
            ErrorItem(
                loc=["body", "file", e.line, e.column],
                msg=e.message,
                type="import_error",
                line=e.line,
                column=e.column,
            )
            for e in errors
        ],
    )


@router.post(
    "/{campaign_id}/participants/import",
    response={200: ImportCounts, **responses(404, 422)},
    summary="Import participants from CSV or XLSX",
)
def import_participants(
    request: HttpRequest,
    file: File[UploadedFile],
    campaign_id: int = object_id(),
    dry_run: Form[bool] = False,
) -> Status[ImportCounts] | Status[ApiError]:
    """Columns `nip,name,unit_code,phone,email` (header on line 1), and optionally `group`
    (`asn`, the default; `pkk` or `dharma_wanita`, whose members need no NIP but a phone or an
    email); the Indonesian names `nama`, `kode_unit`, `telepon`, `surel` and `kelompok` are
    read as well. A NIP cell of an XLSX that holds a number is refused (format it as Text). Any bad row: 422 with every error and nothing imported. A person who appears
    twice (same NIP, else same phone, else same email): the last row wins; a person already
    in the campaign is updated. `dry_run=true` checks without importing."""
    campaign = access.get_campaign_for_manager(request.user, campaign_id)
    report = importing.check_file(campaign, file, file.name or "")
    if not report.ok:
        return Status(
            422, import_errors(_("The file has errors; nothing was imported."), report.errors)
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
            return Status(422, import_errors(exc.message, []))
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
    reached: bool = Field(
        description="False for a day that has not come yet in the organiser's zone: its "
        "numbers are null, not 0."
    )
    confirmed: int | None = Field(
        description="Participants who confirmed sharing that day; null for a day not reached."
    )
    percent: float | None = Field(
        description="Their share of the participants (%); null for a day not reached and "
        "where there are no participants (no share of nobody)."
    )


def _day(d: dict[str, Any], participants: int) -> DayOut:
    """A day as the dashboard tells it: a day not reached has no numbers (the dashboard's
    "not yet"), and nobody has no share (its "—")."""
    if not d["reached"]:
        return DayOut(day=d["day"], reached=False, confirmed=None, percent=None)
    return DayOut(
        day=d["day"],
        reached=True,
        confirmed=d["confirmed"],
        percent=d["percent"] if participants else None,
    )


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


@router.get(
    "/{campaign_id}/stats",
    response={200: StatsOut, **responses(404)},
    summary="A campaign's numbers",
)
def campaign_stats(request: HttpRequest, campaign_id: int = object_id()) -> StatsOut:
    """Per agency: participants, confirmed participants per day, clicks. A day not reached yet
    (in the organiser's zone) has `reached: false` and null numbers, never 0; an agency without
    participants has a null share. A unit head sees only
    the units they head. For a national campaign, a government that joined it is one row
    summed over its own copy of the campaign."""
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    scope = access.dashboard_scope(request.user, campaign)
    numbers = stats.campaign_stats(campaign, scope)
    return StatsOut(
        campaign=campaign.pk,
        participants=numbers["participants"],
        clicks=numbers["clicks"],
        unique_visitors=numbers["unique_visitors"],
        totals=[_day(d, numbers["participants"]) for d in numbers["totals"]],
        agencies=[
            AgencyStatsOut(
                code=a["code"],
                name=a["name"],
                participants=a["participants"],
                days=[_day(d, a["participants"]) for d in a["days"]],
                clicks=a["clicks"],
                unique_visitors=a["unique_visitors"],
            )
            for a in numbers["agencies"]
        ],
    )

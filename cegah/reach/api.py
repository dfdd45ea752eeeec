"""Staff API of reach: organisation accounts, their daily figures and targets.

`GET /api/v1/reach/accounts` and `GET /api/v1/reach/accounts/{id}` (figures in a date range,
targets with progress, pace and projection), `POST /api/v1/reach/accounts/{id}/days` (figures
typed in elsewhere) and `POST /api/v1/reach/accounts/{id}/import` (a platform's CSV export),
all with a personal token. The accounts are those of the web pages (`access.py`): anyone else
gets a 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import OuterRef, Subquery
from django.http import HttpRequest
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema
from ninja.errors import ValidationError as NinjaValidationError
from ninja.files import UploadedFile
from ninja.pagination import paginate
from ninja.responses import Status

from cegah.api.auth import TokenAuth
from cegah.api.errors import ApiError, ErrorItem, field_error, responses
from cegah.api.params import IsoDate, Pages, WholeNumber, object_id
from cegah.reach import access, actions
from cegah.reach.forms import ImportForm
from cegah.reach.imports import MAX_ROWS, import_csv
from cegah.reach.models import Account, DailyMetric, Metric, Platform
from cegah.reach.targets import progress

router = Router(tags=["reach"], auth=TokenAuth())

# Schema names are global in the OpenAPI document: one that another app also uses (campaigns
# has its own ImportCounts) would silently replace the other's, hence the Reach prefixes.

DEFAULT_DAYS = 90
MAX_RANGE_DAYS = 731
# A trillion a day is beyond any account; the bound keeps sums over years of days (pace,
# projections, totals) inside a signed 64-bit integer, which the database adds in.
MAX_FIGURE = 10**12


class ReachAgency(Schema):
    code: str
    name: str


class FiguresOut(Schema):
    day: dt.date
    impressions: int
    reach: int
    views: int
    followers: int
    engagements: int


class AccountSummaryOut(Schema):
    id: int
    agency: ReachAgency
    platform: Platform
    handle: str
    url: str = Field(description="The account's address on the platform; empty when unknown.")
    latest: FiguresOut | None = Field(description="The figures of the most recent day stored.")


class ProgressOut(Schema):
    achieved: int = Field(description="Summed over the period so far (followers: the level).")
    share: float = Field(description="achieved / value, in percent.")
    days_total: int
    days_elapsed: int
    needed_per_day: int | None = Field(
        description="What each remaining day needs on average; null once the period is over."
    )
    pace_per_day: int = Field(description="What the elapsed days gave on average (followers: 0).")
    projection: int = Field(description="achieved plus the current pace over the remaining days.")
    on_track: bool


class TargetOut(Schema):
    id: int
    metric: Metric
    value: int
    starts_on: dt.date
    ends_on: dt.date
    progress: ProgressOut


class AccountOut(AccountSummaryOut):
    days_from: dt.date
    days_to: dt.date
    days: list[FiguresOut] = Field(description="The stored days in the range, oldest first.")
    targets: list[TargetOut]


def _figures(metric: DailyMetric) -> FiguresOut:
    return FiguresOut(
        day=metric.day,
        impressions=metric.impressions,
        reach=metric.reach,
        views=metric.views,
        followers=metric.followers,
        engagements=metric.engagements,
    )


def _latest(accounts: list[Account]) -> dict[int, DailyMetric]:
    """The most recent day of each account, in one query."""
    newest = DailyMetric.objects.filter(account=OuterRef("account")).order_by("-day")
    rows = DailyMetric.objects.filter(account__in=accounts, day=Subquery(newest.values("day")[:1]))
    return {m.account_id: m for m in rows}


def _summary(account: Account, latest: DailyMetric | None) -> dict[str, Any]:
    return {
        "id": account.pk,
        "agency": ReachAgency(code=account.agency.code, name=account.agency.name),
        "platform": account.platform,
        "handle": account.handle,
        "url": account.url,
        "latest": _figures(latest) if latest is not None else None,
    }


class _Page(Pages):
    """Pages of 100; the accounts get their latest figures after slicing."""

    def paginate_queryset(
        self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        page = super().paginate_queryset(queryset, pagination, request, **params)
        accounts = list(page["items"])
        latest = _latest(accounts)
        page["items"] = [AccountSummaryOut(**_summary(a, latest.get(a.pk))) for a in accounts]
        return page


@router.get("/accounts", response=list[AccountSummaryOut], summary="The person's accounts")
@paginate(_Page, page_size=100)
def list_accounts(request: HttpRequest) -> Any:
    """The accounts of the agencies where the token's person is administrator, campaign
    manager or editor (as on `/jangkauan/`), with each one's most recent figures."""
    return access.visible_accounts(request.user).order_by("agency__name", "platform", "handle")


class RangeIn(Schema):
    date_from: IsoDate | None = Field(
        None, alias="from", description=f"Default: {DEFAULT_DAYS - 1} days before `to`."
    )
    date_to: IsoDate | None = Field(None, alias="to", description="Default: today.")


def _range_error(field: str, message: str) -> NinjaValidationError:
    return field_error(["query", field], message)


@router.get(
    "/accounts/{account_id}",
    response={200: AccountOut, **responses(404, 422)},
    summary="One account with its daily figures and targets",
)
def get_account(
    request: HttpRequest, period: Query[RangeIn], account_id: int = object_id()
) -> AccountOut:
    """The account's figures for each stored day from `from` to `to` (both included; by
    default the last 90 days, at most 731 days), and every target with its progress, the
    pace it still needs and the projection at its end, as on the account page."""
    account = access.get_account(request.user, account_id)
    today = timezone.localdate()
    last = period.date_to or today
    first = period.date_from or last - dt.timedelta(days=DEFAULT_DAYS - 1)
    if first > last:
        raise _range_error("from", _("The start cannot be after the end."))
    if (last - first).days + 1 > MAX_RANGE_DAYS:
        raise _range_error("from", _("At most %(n)s days a request.") % {"n": MAX_RANGE_DAYS})
    stored = account.days.filter(day__gte=first, day__lte=last).order_by("day")
    latest = _latest([account]).get(account.pk)
    return AccountOut(
        **_summary(account, latest),
        days_from=first,
        days_to=last,
        days=[_figures(m) for m in stored],
        targets=[
            TargetOut(
                id=t.pk,
                metric=Metric(t.metric),
                value=t.value,
                starts_on=t.starts_on,
                ends_on=t.ends_on,
                progress=ProgressOut(**vars(progress(t, today))),
            )
            for t in account.targets.all()
        ],
    )


class DayIn(Schema):
    day: IsoDate
    impressions: WholeNumber = Field(ge=0, le=MAX_FIGURE)
    reach: WholeNumber = Field(ge=0, le=MAX_FIGURE)
    views: WholeNumber = Field(ge=0, le=MAX_FIGURE)
    followers: WholeNumber = Field(ge=0, le=MAX_FIGURE)
    engagements: WholeNumber = Field(ge=0, le=MAX_FIGURE)


class DaysSaved(Schema):
    created: int
    updated: int


@router.post(
    "/accounts/{account_id}/days",
    response={200: DaysSaved, **responses(404, 422)},
    summary="Store daily figures",
)
def save_days(request: HttpRequest, days: list[DayIn], account_id: int = object_id()) -> DaysSaved:
    """A JSON list of days, each with all five figures, stored like a day typed in on the
    account page: a day already stored has its five figures replaced. Any bad item (each
    named by its index and field, a day twice in the list, more than 10,000 days) is a 422
    and nothing is stored."""
    account = access.get_account(request.user, account_id)
    errors: list[dict[str, Any]] = []
    if len(days) > MAX_ROWS:
        errors.append(
            {
                "type": "too_long",
                "loc": ["body", "days"],
                "msg": _("At most %(n)s days a request.") % {"n": MAX_ROWS},
            }
        )
    seen: set[dt.date] = set()
    for index, item in enumerate(days):
        if item.day in seen:
            errors.append(
                {
                    "type": "value_error",
                    "loc": ["body", "days", index, "day"],
                    "msg": _("This day is already in the list."),
                }
            )
        seen.add(item.day)
    if errors:
        raise NinjaValidationError(errors)
    created, updated = actions.record_days(
        actor=request.user,  # type: ignore[arg-type]
        account=account,
        days=[actions.DayFigures(**item.model_dump()) for item in days],
    )
    return DaysSaved(created=created, updated=updated)


class ReachImportCounts(Schema):
    dry_run: bool
    rows: int = Field(description="Rows read from the file (blank rows not counted).")
    created: int = Field(description="New days stored (0 for a dry run).")
    updated: int = Field(description="Days whose figures were replaced (0 for a dry run).")
    unknown_columns: list[str] = Field(description="Columns of the file that were not used.")


class ReachImportErrors(ApiError):
    """`ApiError` with the file's columns that were not used."""

    unknown_columns: list[str] = Field(default_factory=list)


def _import_error(line: int, column: str, message: str) -> ErrorItem:
    return ErrorItem(
        loc=["body", "file", line, column],
        msg=message,
        type="import_error",
        line=line,
        column=column,
    )


@router.post(
    "/accounts/{account_id}/import",
    response={200: ReachImportCounts, 404: ApiError, 422: ReachImportErrors},
    summary="Import a platform's CSV export",
)
def import_days(
    request: HttpRequest,
    file: File[UploadedFile],
    account_id: int = object_id(),
    dry_run: Form[bool] = False,
) -> Status[ReachImportCounts] | Status[ReachImportErrors]:
    """The CSV export of the platform's dashboard (at most 2 MB), read as on the account page:
    a date column and any of impressions, reach, views, followers and engagements under their
    English or Indonesian names; each day in the file replaces the figures it carries. Any bad
    row: 422 with every error (line, column, message) and nothing imported. `dry_run=true`
    checks without importing."""
    account = access.get_account(request.user, account_id)
    form = ImportForm({"dry_run": dry_run}, MultiValueDict({"file": [file]}))
    if not form.is_valid():
        return Status(
            422,
            ReachImportErrors(
                detail=_("Nothing was imported"),
                code="invalid",
                errors=[
                    _import_error(1, field, e["message"])
                    for field, errors in form.errors.get_json_data().items()
                    for e in errors
                ],
                unknown_columns=[],
            ),
        )
    result = import_csv(account, form.cleaned_data["file"].read(), dry_run=dry_run)
    if result.errors:
        return Status(
            422,
            ReachImportErrors(
                detail=_("Nothing was imported"),
                code="invalid",
                errors=[_import_error(e.line, e.column, e.message) for e in result.errors],
                unknown_columns=result.unknown_columns,
            ),
        )
    return Status(
        200,
        ReachImportCounts(
            dry_run=dry_run,
            rows=result.rows,
            created=result.created,
            updated=result.updated,
            unknown_columns=result.unknown_columns,
        ),
    )

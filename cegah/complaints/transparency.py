"""What the public may know about complaints: a list without personal data, and how each
agency answers.

The public list carries the category, the region down to the regency or city, the agency,
the status and the dates: never the description, the place, the files or anything about
the reporter, and never a confidential complaint. Rows are plain values built from a query
that does not even read the other columns, so no template can show more by mistake.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from cegah.agencies.models import Agency
from cegah.complaints.models import (
    FIRST_RESPONSE_DAYS,
    BreachKind,
    Complaint,
    ComplaintQuerySet,
    Status,
    breach_filter,
)
from cegah.regions.models import Region

# The columns a public row is built from; nothing else is read.
PUBLIC_FIELDS = (
    "pk",
    "created_at",
    "updated_at",
    "status",
    "close_reason",
    "resolve_by",
    "region_id",
    "category__code",
    "category__name_id",
    "category__name_en",
    "agency__name",
    "agency__timezone",
)


def public_complaints() -> ComplaintQuerySet:
    """Complaints that may be listed publicly, with only the columns a public row shows."""
    return Complaint.objects.public().select_related("category", "agency").only(*PUBLIC_FIELDS)


@dataclass(frozen=True)
class PublicRow:
    """One complaint as the public sees it."""

    number: int
    received: dt.datetime
    updated: dt.datetime
    category_code: str
    category: str
    regency_code: str
    regency: str
    province: str
    agency: str
    agency_zone: str
    status_code: str
    status: str
    close_reason: str
    is_open: bool
    resolve_by: dt.date | None


def regency_code(code: str) -> str:
    """'33.10.25' → '33.10': the regency or city a region lies in (itself if it is one)."""
    return ".".join(code.split(".")[:2])


def public_rows(complaints: Iterable[Complaint]) -> list[PublicRow]:
    """Public rows for complaints from `public_complaints()`; the regency and province names
    come from one query, however many rows there are."""
    complaints = list(complaints)
    codes = {regency_code(c.region_id) for c in complaints}
    codes |= {code.split(".")[0] for code in codes}
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    return [
        PublicRow(
            number=c.pk,
            received=c.created_at,
            updated=c.updated_at,
            category_code=c.category.code,
            category=c.category.name,
            regency_code=regency_code(c.region_id),
            regency=names.get(regency_code(c.region_id), ""),
            province=names.get(c.region_id.split(".")[0], ""),
            agency=c.agency.name if c.agency else "",
            agency_zone=c.agency_zone(),
            status_code=c.status,
            status=str(c.get_status_display()),
            close_reason=str(c.get_close_reason_display()) if c.close_reason else "",
            is_open=c.is_open,
            resolve_by=c.resolve_by,
        )
        for c in complaints
    ]


def agencies_with_public_complaints() -> QuerySet[Agency]:
    """The agencies the public list can be filtered by: those with a listed complaint."""
    listed = Complaint.objects.public().filter(agency__isnull=False).values("agency")
    return Agency.objects.filter(pk__in=listed).order_by("name")


def agency_statistics() -> QuerySet[Any, Any]:
    """One row per agency that was forwarded complaints, most complaints first: `received`,
    `resolved`, `answered` (first responses given), `on_time` (given within the working days
    allowed) and `due` (answered, or unanswered past the deadline), all in one aggregate
    query. Confidential complaints are counted: they are never listed, but an agency's
    record includes them."""
    return (
        Complaint.objects.filter(agency__isnull=False)
        .values("agency", "agency__name")
        .annotate(
            received=Count("pk"),
            resolved=Count("pk", filter=Q(status=Status.RESOLVED)),
            answered=Count("pk", filter=Q(first_response_at__isnull=False)),
            on_time=Count("pk", filter=Q(first_response_days__lte=FIRST_RESPONSE_DAYS)),
            due=Count(
                "pk",
                filter=Q(first_response_at__isnull=False)
                | breach_filter(BreachKind.FIRST_RESPONSE),
            ),
        )
        .order_by("-received", "agency__name")
    )


def median(histogram: dict[int, int]) -> float | None:
    """The median of values given as {value: how many}; None when there are none."""
    total = sum(histogram.values())
    if not total:
        return None
    wanted = ((total - 1) // 2, total // 2)  # the middle one, or the middle two
    found: list[int] = []
    seen = 0
    for value in sorted(histogram):
        count = histogram[value]
        found.extend(value for index in wanted if seen <= index < seen + count)
        seen += count
    return sum(found) / len(found)


def median_response_days(agency_ids: Sequence[int]) -> dict[int, float | None]:
    """Each agency's median working days to the first response, from one grouped query
    (agency × number of days → count), never a pass over every complaint in Python."""
    histograms: dict[int, dict[int, int]] = defaultdict(dict)
    rows = (
        Complaint.objects.filter(agency_id__in=agency_ids, first_response_days__isnull=False)
        .values_list("agency_id", "first_response_days")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for agency_id, days, count in rows:
        histograms[agency_id][days] = count
    return {agency_id: median(histograms.get(agency_id, {})) for agency_id in agency_ids}

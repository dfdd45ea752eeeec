"""What the offices app offers other apps, without them importing its models."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from cegah.offices.models import Office, PosterPrint


@dataclass(frozen=True)
class OfficeSummary:
    code: str
    name: str
    kind: str
    kind_label: str
    region_code: str
    region_name: str
    url: str


def office_summary(code: str) -> OfficeSummary | None:
    """The office with `code` in a few fields, or None when there is none."""
    office = Office.objects.select_related("region").filter(code=code).first()
    if office is None:
        return None
    return OfficeSummary(
        code=office.code,
        name=office.name,
        kind=office.kind,
        kind_label=str(office.get_kind_display()),
        region_code=office.region_id,
        region_name=office.region.name,
        url=office.get_absolute_url(),
    )


def posters_printed(*, region_code: str, year: int) -> int:
    """Posters generated in `year` (a calendar year in the site's time zone) for offices in
    the region or any region below it."""
    zone = timezone.get_default_timezone()
    start = dt.datetime(year, 1, 1, tzinfo=zone)
    end = dt.datetime(year + 1, 1, 1, tzinfo=zone)
    return PosterPrint.objects.filter(
        Q(region_code=region_code) | Q(region_code__startswith=f"{region_code}."),
        printed_at__gte=start,
        printed_at__lt=end,
    ).count()


def complaint_url(office_code: str, service_code: str = "") -> str:
    """The complaint form prefilled with the office (and service): where "report it" goes."""
    params = {"kantor": office_code} if office_code else {}
    if service_code:
        params["layanan"] = service_code
    url = reverse("complaints:new")
    return f"{url}?{urlencode(params)}" if params else url

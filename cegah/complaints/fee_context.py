"""The "I was asked for more" context of a complaint: which service, which office, the
official fee and the amount asked. It arrives as query parameters of the intake form (from
the fee check `/cek-biaya/` or an office's poster) and is stored as plain codes; names are
looked up in the services and offices apps when shown, so complaints depend on neither."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

_CODE = re.compile(r"^[-A-Za-z0-9_.]{1,80}$")
MAX_IDR = 10**12


def _code(value: Any, length: int) -> str:
    text = str(value or "").strip()
    return text if len(text) <= length and _CODE.fullmatch(text) else ""


def _idr(value: Any) -> int | None:
    text = str(value or "").strip().replace(".", "").replace(",", "")
    if not text.isdigit():
        return None
    number = int(text)
    return number if number <= MAX_IDR else None


def initial_from_query(query: Mapping[str, Any]) -> dict[str, Any]:
    """The form's initial values from `?layanan=&kantor=&biaya_resmi=&diminta=`; anything
    malformed is dropped silently (a link is not a submission)."""
    initial: dict[str, Any] = {}
    service = _code(query.get("layanan"), 80)
    office = _code(query.get("kantor"), 40)
    official = _idr(query.get("biaya_resmi"))
    asked = _idr(query.get("diminta"))
    if service:
        initial["service_code"] = service
    if office:
        initial["office_code"] = office
    if official is not None:
        initial["official_fee_idr"] = official
    if asked is not None:
        initial["asked_fee_idr"] = asked
    return initial


@dataclass(frozen=True)
class FeeContext:
    service_code: str
    service_name: str
    service_url: str
    office_code: str
    office_name: str
    office_url: str
    official_fee_idr: int | None
    asked_fee_idr: int | None
    service_sector: str = ""
    office_region_code: str = ""

    @property
    def excess_idr(self) -> int | None:
        if self.official_fee_idr is None or self.asked_fee_idr is None:
            return None
        return self.asked_fee_idr - self.official_fee_idr


def _service_summary(code: str) -> Any:
    try:
        from cegah.services.public import service_summary
    except ImportError:
        return None
    return service_summary(code)


def _office_summary(code: str) -> Any:
    try:
        from cegah.offices.public import office_summary
    except ImportError:
        return None
    return office_summary(code)


def describe(
    *,
    service_code: str,
    office_code: str,
    official_fee_idr: int | None,
    asked_fee_idr: int | None,
) -> FeeContext | None:
    """Names and addresses for the codes, where the apps that own them know them; an unknown
    code is shown as itself."""
    if not (service_code or office_code or asked_fee_idr is not None):
        return None
    service_name = service_url = office_name = office_url = sector = region_code = ""
    summary = _service_summary(service_code) if service_code else None
    if summary is not None:
        service_name, service_url, sector = summary.name, summary.url, summary.sector
    office = _office_summary(office_code) if office_code else None
    if office is not None:
        office_name, office_url = office.name, office.url
        region_code = getattr(office, "region_code", "") or ""
    return FeeContext(
        service_code=service_code,
        service_name=service_name or service_code,
        service_url=service_url,
        office_code=office_code,
        office_name=office_name or office_code,
        office_url=office_url,
        official_fee_idr=official_fee_idr,
        asked_fee_idr=asked_fee_idr,
        service_sector=sector,
        office_region_code=region_code,
    )


# The complaint category a service's sector most likely belongs to (codes seeded by
# complaints migration 0002); anything else is "other illegal levies".
SECTOR_CATEGORY = {
    "education": "pendidikan",
    "health": "fasilitas-kesehatan",
    "village": "desa",
    "permits": "perizinan",
    "ports": "pelabuhan",
}


@dataclass(frozen=True)
class Prefill:
    initial: dict[str, Any]
    region_code: str


def prefill(initial: Mapping[str, Any]) -> Prefill:
    """Place, region and category suggested by the service and office of `initial`."""
    from cegah.complaints.models import Category

    extra: dict[str, Any] = {}
    region_code = ""
    context = describe(
        service_code=initial.get("service_code", ""),
        office_code=initial.get("office_code", ""),
        official_fee_idr=initial.get("official_fee_idr"),
        asked_fee_idr=initial.get("asked_fee_idr"),
    )
    if context is None:
        return Prefill(extra, region_code)
    if context.office_code and context.office_name != context.office_code:
        extra["place"] = context.office_name[:200]
        region_code = context.office_region_code
    if context.service_code:
        code = SECTOR_CATEGORY.get(context.service_sector, "pungli")
        category = Category.objects.active().filter(code=code).first()
        if category is not None:
            extra["category"] = category.pk
    return Prefill(extra, region_code)

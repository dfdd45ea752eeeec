"""Plain-function factories for the offices tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cegah.offices import search
from cegah.offices.models import Office, OfficeKind, ServiceStandard
from cegah.regions.actions import ensure_region
from cegah.services.models import FeeItem, LegalBasis, Service


def make_service(
    code: str = "akta-kelahiran",
    name: str = "Akta kelahiran",
    *,
    amount: int = 0,
    basis: str = "UU 24/2013",
    article: str = "Pasal 79A",
    unit: str = "",
    **values: Any,
) -> Service:
    service = Service.objects.create(
        code=code, name=name, name_en=values.pop("name_en", name), sector="population"
    )
    item = FeeItem.objects.create(
        service=service,
        amount_idr=amount,
        unit=unit,
        valid_from=values.pop("valid_from", dt.date(2013, 12, 24)),
        confidence="sure",
        covers=values.pop("covers", ""),
        **values,
    )
    LegalBasis.objects.create(fee_item=item, title=basis, article=article)
    return service


def make_office(
    code: str = "20309471",
    name: str = "SD Negeri 1 Klaten",
    kind: str = OfficeKind.SCHOOL,
    region: str = "33.10",
    **values: Any,
) -> Office:
    ensure_region(region)
    names = search.region_names([region])[region]
    return Office.objects.create(
        code=code,
        name=name,
        kind=kind,
        region_id=region,
        search_text=search.document(name, kind, names, code),
        **values,
    )


def make_standard(office: Office, service: Service, **values: Any) -> ServiceStandard:
    values.setdefault("requirements", "KK asli; KTP orang tua")
    values.setdefault("completion_time", "1 hari kerja")
    values.setdefault("product", "Akta kelahiran")
    return ServiceStandard.objects.create(office=office, service=service, **values)

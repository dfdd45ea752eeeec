"""Public pages: the fee check (`/cek-biaya/`), the list of services and a page per service
with its fee history. Read-only and public: nothing private, nothing written."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.views.decorators.http import require_GET

from cegah.regions.models import Region
from cegah.services.access import get_public_service
from cegah.services.forms import CheckForm
from cegah.services.matching import applicable_items, find
from cegah.services.models import FeeItem, Sector, Service
from cegah.services.public import overcharge_complaint_url


def _office(code: str) -> Any:
    """The office a person came from (its poster or page), if the offices app knows it."""
    if not code:
        return None
    try:
        from cegah.offices.public import office_summary
    except ImportError:
        return None
    return office_summary(code)


def _cards(
    items: list[tuple[FeeItem, float]], service: Service, *, office: str, asked: int | None
) -> list[dict[str, Any]]:
    cards = []
    for item, _score in items:
        cards.append(
            {
                "item": item,
                "complaint_url": overcharge_complaint_url(
                    service_code=service.code,
                    office_code=office,
                    official_fee_idr=int(item.amount_idr),
                    asked_idr=asked,
                ),
                "excess": (asked - int(item.amount_idr))
                if asked is not None and asked > item.amount_idr
                else None,
            }
        )
    return cards


@require_GET
def check(request: HttpRequest) -> HttpResponse:
    """Ask in your own words; see the official fee, or GRATIS, with its regulation."""
    form = CheckForm(request.GET if request.GET.get("q") else None)
    context: dict[str, Any] = {"form": form, "matches": None}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        day = data["tanggal"] or timezone.localdate()
        region_code = data["wilayah"] or None
        language = translation.get_language() or "id"
        matches = find(data["q"], on=day, region_code=region_code, language=language, limit=4)
        office = data["kantor"]
        context.update(
            matches=matches,
            best=matches[0] if matches else None,
            others=matches[1:],
            cards=_cards(matches[0].items, matches[0].service, office=office, asked=data["diminta"])
            if matches
            else [],
            day=day,
            is_today=day == timezone.localdate(),
            region=Region.objects.filter(code=region_code).first() if region_code else None,
            region_code=region_code,
            asked=data["diminta"],
            office=_office(office),
            office_code=office,
        )
    return render(request, "services/check.html", context)


@require_GET
def service_list(request: HttpRequest) -> HttpResponse:
    """Every service the check knows, by sector."""
    groups: OrderedDict[str, list[Service]] = OrderedDict()
    labels = dict(Sector.choices)
    for service in Service.objects.public().order_by("sort_order", "code"):
        groups.setdefault(str(labels.get(service.sector, service.sector)), []).append(service)
    return render(request, "services/list.html", {"groups": groups})


@require_GET
def service_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A service's fees today and every version before, each with its regulation."""
    service = get_public_service(code)
    items = list(
        FeeItem.objects.public()
        .filter(service=service)
        .prefetch_related("legal_bases")
        .order_by("sort_order", "variant", "-valid_from")
    )
    today = timezone.localdate()
    current = applicable_items([i for i in items if not i.region_code], on=today, region_code=None)
    history: OrderedDict[str, list[FeeItem]] = OrderedDict()
    for item in items:
        if not item.region_code:
            history.setdefault(item.variant, []).append(item)
    local = [i for i in items if i.region_code]
    regions = Region.objects.in_bulk({i.region_code for i in local})
    context = {
        "service": service,
        "cards": [
            {
                "item": item,
                "complaint_url": overcharge_complaint_url(
                    service_code=service.code, official_fee_idr=int(item.amount_idr)
                ),
            }
            for item in current
        ],
        "history": [versions for versions in history.values()],
        "local": [(item, regions.get(item.region_code)) for item in local],
        "today": today,
    }
    return render(request, "services/detail.html", context)

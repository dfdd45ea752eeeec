"""The public directory of agencies and their contact data."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from cegah.agencies.models import Agency, AgencyType

MAX_QUERY = 100


@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    """Agencies by name, with their type and region; units are listed under their government."""
    # As long as the field allows: the pages' links carry it in their address.
    q = request.GET.get("q", "").strip()[:MAX_QUERY]
    qs = Agency.objects.active().exclude(type=AgencyType.UNIT).select_related("region")
    if q:
        qs = Agency.objects.active().filter(Q(name__icontains=q) | Q(short_name__icontains=q))
        qs = qs.select_related("region", "parent")
    page = Paginator(qs.order_by("name"), 30).get_page(request.GET.get("page"))
    return render(request, "agencies/directory.html", {"page": page, "q": q})


@require_GET
def detail(request: HttpRequest, code: str) -> HttpResponse:
    """One agency's public profile: contact data, its place in the tree, its units."""
    agency = get_object_or_404(
        Agency.objects.active().select_related("region", "parent"), code=code
    )
    units = agency.children.filter(is_active=True).order_by("name")
    return render(
        request,
        "agencies/detail.html",
        {"agency": agency, "units": units, "ancestors": agency.ancestors()},
    )

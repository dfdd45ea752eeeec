"""Browsing the region tree, and the partial that reloads a region picker."""

from __future__ import annotations

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cegah.regions.forms import RegionCascadeMixin
from cegah.regions.models import Level, Region


class RegionBrowseForm(RegionCascadeMixin):
    q = forms.CharField(required=False, max_length=80)


@require_GET
def browse(request: HttpRequest) -> HttpResponse:
    """Find a region by name, or walk down the tree with plain selects."""
    form = RegionBrowseForm(request.GET or None)
    region: Region | None = None
    results = None
    if form.is_bound and form.is_valid():
        region = form.cleaned_data["region"]
        q = form.cleaned_data["q"].strip()
        if len(q) >= 3:
            qs = Region.objects.search(q).select_related("parent__parent__parent")
            results = Paginator(qs.order_by("level", "name"), 25).get_page(request.GET.get("page"))
    children = region.children.all() if region else Region.objects.provinces()
    return render(
        request,
        "regions/browse.html",
        {"form": form, "region": region, "children": children, "results": results},
    )


@require_GET
def picker_partial(request: HttpRequest) -> HttpResponse:
    """The picker's selects for the levels chosen so far (htmx swaps it in as selects change)."""
    prefix = request.GET.get("prefix") or None
    try:
        levels = min(max(int(request.GET.get("levels", Level.VILLAGE)), 1), Level.VILLAGE)
    except ValueError:
        levels = Level.VILLAGE
    picker = type("RegionPicker", (RegionCascadeMixin,), {"region_max_level": levels})
    form = picker(request.GET, prefix=prefix)
    return render(request, "regions/partials/_picker.html", {"form": form})

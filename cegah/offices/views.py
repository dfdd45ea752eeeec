"""Public pages (search, region, office) and staff pages (import, posters)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cegah.lib.pagination import CappedPaginator
from cegah.offices import access, actions, fees, importing, posters, sector
from cegah.offices.forms import BatchForm, ImportForm, SearchForm
from cegah.offices.models import (
    ImportRecord,
    Office,
    OfficeKind,
    PosterBatch,
    PosterSize,
    ServiceStandard,
)
from cegah.offices.public import complaint_url
from cegah.offices.search import BROAD, in_region, ordered, search_offices
from cegah.regions.models import Region

PER_PAGE = 20
PER_KIND = 10


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Search across offices by name, kind and region; the provinces to browse."""
    form = SearchForm(request.GET or None)
    page = None
    region = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["wilayah"]:
            region = Region.objects.filter(code=data["wilayah"]).first()
        if data["q"] or data["jenis"] or region:
            offices = search_offices(
                data["q"], region_code=data["wilayah"] or "", kind=data["jenis"] or ""
            ).select_related("region")
            page = CappedPaginator(ordered(offices), PER_PAGE, cap=BROAD).get_page(
                request.GET.get("page")
            )
    context = {
        "form": form,
        "page": page,
        "region": region,
        "provinces": Region.objects.provinces().only("code", "name"),
    }
    return render(request, "offices/home.html", context, status=400 if form.errors else 200)


@require_GET
def region(request: HttpRequest, code: str) -> HttpResponse:
    """A region's offices by kind (the first few of each, with the count), its sub-regions
    and its sector figures."""
    place = get_object_or_404(Region, code=code)
    offices = Office.objects.filter(in_region(code))
    counts = dict(
        offices.order_by().values_list("kind").annotate(n=Count("pk")).values_list("kind", "n")
    )
    first = (
        offices.annotate(
            rank=Window(RowNumber(), partition_by=[F("kind")], order_by=[F("name"), F("code")])
        )
        .filter(rank__lte=PER_KIND)
        .only("code", "name", "kind")
        .order_by("kind", "name")
    )
    by_kind: dict[str, list[Office]] = {}
    for office in first:
        by_kind.setdefault(office.kind, []).append(office)
    kinds = [
        (kind, label, counts[kind], by_kind.get(kind, []))
        for kind, label in OfficeKind.choices
        if counts.get(kind)
    ]
    context = {
        "region": place,
        "ancestors": place.ancestors(),
        "children": Region.objects.children_of(code).only("code", "name"),
        "kinds": kinds,
        "total": sum(counts.values()),
        "figures": sector.region_figures(code),
        "report_url": complaint_url(""),
    }
    return render(request, "offices/region.html", context)


def _standards(office: Office) -> list[dict[str, Any]]:
    standards = list(
        ServiceStandard.objects.filter(office=office)
        .select_related("service")
        .order_by("service__sort_order", "service__code")
    )
    found = fees.fees_for(
        [s.service.code for s in standards], region_code=office.region_id, on=timezone.localdate()
    )
    return [
        {
            "standard": s,
            "fees": found.get(s.service.code, []),
            "free": bool(found.get(s.service.code)) and all(f.free for f in found[s.service.code]),
            "report_url": complaint_url(office.code, s.service.code),
        }
        for s in standards
    ]


@require_GET
def detail(request: HttpRequest, code: str) -> HttpResponse:
    """An office: where it is, its services with the six standard components and the fee in
    force from the fee registry, its sector figures, and where to report."""
    office = get_object_or_404(Office.objects.select_related("region", "agency"), code=code)
    context = {
        "office": office,
        "ancestors": office.region.ancestors(),
        "standards": _standards(office),
        "figures": sector.office_figures(office),
        "report_url": complaint_url(office.code),
        "may_manage": request.user.is_authenticated
        and access.may_manage_agency(request.user, office.agency),
        "sizes": PosterSize.values,
    }
    return render(request, "offices/detail.html", context)


@login_required
@require_GET
def poster(request: HttpRequest, code: str, service: str) -> HttpResponse:
    """One counter poster (A4 or A3) for a service of an office the person manages."""
    office = access.get_managed_office(request.user, code)
    standard = get_object_or_404(
        ServiceStandard.objects.select_related("service", "office", "office__region"),
        office=office,
        service__code=service,
    )
    size = request.GET.get("ukuran", PosterSize.A4)
    if size not in PosterSize.values:
        raise Http404
    items = posters.posters_for([standard])
    pdf = posters.render(items, size)
    actions.record_posters(actor=request.user, offices=[(office, service)], size=size)  # type: ignore[arg-type]
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="poster-{office.code}-{service}-{size}.pdf"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def batch_posters(request: HttpRequest) -> HttpResponse:
    """Ask for every poster of an agency's offices as one PDF; see the batches made."""
    access.require_manager(request.user)
    agencies = access.managed_agencies(request.user)
    form = BatchForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        actions.request_poster_batch(
            actor=request.user,  # type: ignore[arg-type]
            agency=form.cleaned_data["agency"],
            size=form.cleaned_data["size"],
        )
        messages.success(
            request, _("The posters are being made. This page shows the download when ready.")
        )
        return redirect("offices:posters")
    batches = PosterBatch.objects.filter(agency__in=agencies).select_related("agency")[:20]
    status = 400 if form.errors else 200
    return render(
        request, "offices/posters.html", {"form": form, "batches": batches}, status=status
    )


@login_required
@require_GET
def batch_download(request: HttpRequest, pk: int) -> FileResponse:
    batch = access.get_batch(request.user, pk)
    if batch.status != PosterBatch.Status.DONE or not batch.file:
        raise Http404
    return FileResponse(
        batch.file.open("rb"),
        as_attachment=True,
        filename=(batch.file.name or "posters.pdf").rsplit("/", 1)[-1],
        content_type="application/pdf",
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_offices(request: HttpRequest) -> HttpResponse:
    """The import form; a POST answers with the report page (every bad line, or the counts)."""
    access.require_manager(request.user)
    agencies = access.managed_agencies(request.user)
    form = ImportForm(request.POST or None, request.FILES or None, agencies=agencies)
    report = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            report = actions.import_file(
                actor=request.user,  # type: ignore[arg-type]
                kind=form.cleaned_data["kind"],
                agency=form.cleaned_data["agency"],
                stream=upload.file,
                file_name=upload.name or "",
                dry_run=form.cleaned_data["dry_run"],
            )
            status = 200 if report.ok else 422
        else:
            status = 400
    context = {
        "form": form,
        "report": report,
        "dry_run": form.is_bound and form.is_valid() and form.cleaned_data["dry_run"],
        "mappings": [
            (dataset.kind, dataset.title, importing.mapping(dataset.kind))
            for dataset in importing.DATASETS.values()
        ],
        "recent": ImportRecord.objects.filter(agency__in=agencies).select_related(
            "agency", "actor"
        )[:10],
    }
    return render(request, "offices/import.html", context, status=status)


@login_required
@require_POST
def refresh_batch(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask again for a failed batch."""
    batch = access.get_batch(request.user, pk)
    actions.request_poster_batch(actor=request.user, agency=batch.agency, size=batch.size)  # type: ignore[arg-type]
    return redirect("offices:posters")

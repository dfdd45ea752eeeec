"""Public pages of integrity scores, and the staff pages that import and correct them."""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cegah.integrity import access, actions, importing
from cegah.integrity.charts import Series, bar_chart, line_chart
from cegah.integrity.forms import AssessmentForm, CorrectionForm, ImportForm, ReviewForm
from cegah.integrity.judging import Book
from cegah.integrity.models import (
    Assessment,
    BehaviourIndex,
    Correction,
    Government,
    GovernmentKind,
    ImportBatch,
    Instrument,
    NationalIndex,
    Participant,
    ProgrammeKind,
    SizeClass,
    Status,
)
from cegah.integrity.profile import government_profile
from cegah.integrity.programmes import (
    indicators_by_programme,
    participants_progress,
    progress_of,
)
from cegah.integrity.ranking import national_ranking, province_ranking, years_with_scores

SEARCH_LIMIT = 30


def _instrument(request: HttpRequest, default: str = Instrument.SPI) -> str:
    value = request.GET.get("instrumen", default)
    return value if value in Instrument.values else default


def _year(request: HttpRequest, years: list[int]) -> int | None:
    try:
        year = int(request.GET.get("tahun", ""))
    except ValueError:
        return years[0] if years else None
    return year if year in years else (years[0] if years else None)


def home(request: HttpRequest) -> HttpResponse:
    """National index per year, IPAK as context, finding a government, the ranking doors."""
    national = list(NationalIndex.objects.select_related("source").order_by("instrument", "year"))
    series = [
        Series(
            str(Instrument(instrument).label).split(" (")[0],
            [
                (n.year, float(n.index) if n.index is not None else None)
                for n in national
                if n.instrument == instrument
            ],
        )
        for instrument in (Instrument.SPI, Instrument.MCP)
    ]
    query = request.GET.get("q", "").strip()[:100]
    found: list[Government] = []
    if query:
        words = query.split()
        qs = Government.objects.all()
        for word in words:
            qs = qs.filter(Q(name__icontains=word) | Q(code__startswith=word))
        found = list(qs.order_by("kind", "name")[:SEARCH_LIMIT])
    ipak = list(BehaviourIndex.objects.select_related("source"))
    context = {
        "national": {
            i: [n for n in national if n.instrument == i] for i in (Instrument.SPI, Instrument.MCP)
        },
        "chart": line_chart(
            series, chart_id="national-chart", title=_("National index per year, SPI and MCP")
        ),
        "ipak": ipak,
        "ipak_chart": line_chart(
            [Series("IPAK", [(b.year, float(b.value)) for b in ipak])],
            chart_id="ipak-chart",
            title=_("BPS anti-corruption behaviour index (IPAK) per year, scale 0 to 5"),
            bottom=3.5,
            top=4.2,
        ),
        "query": query,
        "found": found,
        "provinces": Government.objects.filter(kind=GovernmentKind.PROVINCE).order_by("code"),
        "kinds": GovernmentKind.choices,
        "sizes": [c for c in SizeClass.choices if c[0]],
        "may_manage": access.may_manage(request.user),
    }
    return render(request, "integrity/home.html", context)


def government(request: HttpRequest, code: str) -> HttpResponse:
    """One government: MCP and SPI by year, categories, ranks, sources, the weakest part with
    its tools, and what it did on the platform beside the scores."""
    gov = get_object_or_404(Government.objects.select_related("region"), code=code)
    profile = government_profile(gov)
    charts = {}
    for instrument, views in profile.by_instrument.items():
        points = [(v.score.year, float(v.score.score)) for v in views if v.score.score is not None]
        if points:
            charts[instrument] = line_chart(
                [Series(gov.name, points)],
                chart_id=f"trend-{instrument}",
                title=_("%(instrument)s of %(name)s per year")
                % {"instrument": instrument.upper(), "name": gov.name},
            )
    weak_charts = [
        bar_chart(
            [(_short(c.label), v) for c, v in _parts(w.score, profile)],
            chart_id=f"weak-{w.score.instrument}",
            title=_("%(instrument)s %(year)s by component")
            % {"instrument": w.score.instrument.upper(), "year": w.score.year},
            highlight=_short(w.component.label),
        )
        for w in profile.weak
    ]
    # The province ranking opens on the year of this government's latest final score.
    latest = [
        v.score
        for instrument in (Instrument.MCP, Instrument.SPI)
        for v in profile.by_instrument.get(instrument, [])
        if v.score.score is not None
    ]
    rank_query = f"?instrumen={latest[0].instrument}&tahun={latest[0].year}" if latest else ""
    context = {
        "gov": gov,
        "rank_query": rank_query,
        "profile": profile,
        "spi": profile.by_instrument.get(Instrument.SPI, []),
        "mcp": profile.by_instrument.get(Instrument.MCP, []),
        "charts": charts,
        "weak": list(zip(profile.weak, weak_charts, strict=True)),
        "may_manage": access.may_manage(request.user),
    }
    return render(request, "integrity/government.html", context)


def _short(label: str) -> str:
    """A component's name without its explanation in brackets, for a chart's narrow labels."""
    return label.split(" (")[0]


def _parts(score: Any, profile: Any) -> list[tuple[Any, float]]:
    for view in profile.by_instrument[score.instrument]:
        if view.score.pk == score.pk:
            return [(c, v) for c, v in view.components if v is not None and not c.subtracted]
    return []


def ranking(request: HttpRequest) -> HttpResponse:
    """National ranking by kind of government and by KPK size class."""
    instrument = _instrument(request)
    years = years_with_scores(instrument)
    year = _year(request, years)
    kind = request.GET.get("jenis", "")
    kind = kind if kind in GovernmentKind.values else ""
    size = request.GET.get("tipe", "")
    size = size if size in SizeClass.values else ""
    book = Book.load(sets=False)
    rows = national_ranking(instrument, year, book, kind=kind, size_class=size) if year else []
    context = {
        "instrument": instrument,
        "instruments": Instrument.choices,
        "years": years,
        "year": year,
        "kind": kind,
        "kinds": GovernmentKind.choices,
        "size": size,
        "sizes": [c for c in SizeClass.choices if c[0]],
        "rows": rows,
        "bands": book.bands_for(instrument, year) if year else [],
        "chart": bar_chart(
            [(r.government.name, float(r.score.score or 0)) for r in rows[:15]],
            chart_id="ranking-chart",
            title=_("Highest scores in this ranking"),
        ),
    }
    return render(request, "integrity/ranking.html", context)


def province(request: HttpRequest, code: str) -> HttpResponse:
    """Regencies and cities of one province ranked, with the province's own score apart."""
    gov = get_object_or_404(Government, code=code, kind=GovernmentKind.PROVINCE)
    instrument = _instrument(request, Instrument.MCP)
    years = years_with_scores(instrument)
    year = _year(request, years)
    book = Book.load(sets=False)
    rows, own = province_ranking(instrument, year, code, book) if year else ([], None)
    context = {
        "gov": gov,
        "instrument": instrument,
        "instruments": Instrument.choices,
        "years": years,
        "year": year,
        "rows": rows,
        "own": own,
        "bands": book.bands_for(instrument, year) if year else [],
        "chart": bar_chart(
            [(r.government.name, float(r.score.score or 0)) for r in rows[:40]],
            chart_id="province-chart",
            title=_("Scores of the regencies and cities of %(name)s") % {"name": gov.name},
        ),
    }
    return render(request, "integrity/province.html", context)


def _programme(code: str) -> ProgrammeKind:
    if code not in ProgrammeKind.values:
        raise Http404
    return ProgrammeKind(code)


def programme(request: HttpRequest, code: str) -> HttpResponse:
    """One programme: its indicators with their source, and every village or school with the
    indicators met at its latest assessment and the change from the one before."""
    kind = _programme(code)
    progress = participants_progress(programme=kind)
    context = {
        "kind": kind,
        "indicators": indicators_by_programme().get(kind, []),
        "progress": progress,
        "governments": len({p.participant.government_id for p in progress}),
        "pass_mark": Assessment.PASS_MARK,
        "any_demo": any(y.assessment.demo for p in progress for y in p.years),
    }
    return render(request, "integrity/programme.html", context)


def participant(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """One village or school: each indicator's value per assessed year, indicators met and
    the change from the previous assessment."""
    kind = _programme(code)
    item = get_object_or_404(
        Participant.objects.select_related("government"), pk=pk, programme=kind
    )
    indicators = indicators_by_programme().get(kind, [])
    progress = progress_of(item, indicators, list(item.assessments.order_by("year")))
    rows = [
        (indicator, [y.values[i] for y in progress.years]) for i, indicator in enumerate(indicators)
    ]
    chart = bar_chart(
        [(str(y.year), float(y.percent)) for y in progress.years],
        chart_id="participant-progress",
        title=_("Share of the %(n)s indicators met per assessed year, in percent")
        % {"n": len(indicators)},
    )
    context = {
        "kind": kind,
        "item": item,
        "progress": progress,
        "rows": rows,
        "chart": chart if progress.years else "",
        "pass_mark": Assessment.PASS_MARK,
        "may_manage": access.may_manage(request.user),
    }
    return render(request, "integrity/participant.html", context)


# --- staff ---------------------------------------------------------------------------------


@login_required
def manage(request: HttpRequest) -> HttpResponse:
    """What waits for review: imports and single corrections."""
    access.require_manager(request.user)
    context = {
        "batches": ImportBatch.objects.filter(status=Status.PENDING).select_related("created_by"),
        "corrections": Correction.objects.filter(
            status=Status.PENDING, batch__isnull=True
        ).select_related("government", "proposed_by"),
        "recent": ImportBatch.objects.exclude(status=Status.PENDING)[:10],
    }
    return render(request, "integrity/manage.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def import_scores(request: HttpRequest) -> HttpResponse:
    """Upload a CSV or XLSX: the report of every bad row, or every row stored for review."""
    access.require_manager(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        digest = hashlib.sha256(upload.read()).hexdigest()
        upload.seek(0)
        try:
            report = importing.check_file(
                upload, upload.name, instrument=data["instrument"], year=data["year"]
            )
        except importing.FileRefused as exc:
            form.add_error("file", exc.message)
        else:
            if report.ok and not data["check_only"]:
                batch = actions.submit_import(
                    actor=request.user,  # type: ignore[arg-type]
                    report=report,
                    file_name=upload.name,
                    source_title=data["source_title"],
                    source_url=data["source_url"],
                    confidence=data["confidence"],
                    digest=digest,
                )
                messages.success(
                    request,
                    _("%(n)s rows stored; they are published once another person approves them.")
                    % {"n": batch.rows},
                )
                return redirect("integrity:batch", pk=batch.pk)
    if request.method == "POST" and (not form.is_valid() or (report and not report.ok)):
        status = 422
    context = {"form": form, "report": report, "errors": report.errors[:1000] if report else []}
    return render(request, "integrity/import.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def batch(request: HttpRequest, pk: int) -> HttpResponse:
    """An import's rows with the figures they replace; approve or reject them all."""
    access.require_manager(request.user)
    item = get_object_or_404(ImportBatch, pk=pk)
    if request.method == "POST":
        form = ReviewForm(request.POST)
        if form.is_valid() and item.status == Status.PENDING:
            try:
                actions.review_import(
                    actor=request.user,  # type: ignore[arg-type]
                    batch=item,
                    approve=form.cleaned_data["decision"] == "approve",
                )
            except actions.ChangeRefused as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("The import has been reviewed."))
                return redirect("integrity:manage")
    corrections = item.corrections.select_related("government", "score").order_by("pk")
    return render(request, "integrity/batch.html", {"batch": item, "corrections": corrections})


@login_required
@require_http_methods(["GET", "POST"])
def correct(request: HttpRequest, code: str) -> HttpResponse:
    """Propose a corrected or new figure for one government (published after review)."""
    access.require_manager(request.user)
    gov = get_object_or_404(Government, code=code)
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        source = actions.source_for(data["source_title"], data["source_url"])
        components = {
            k: float(data[k])
            for k in ("internal", "external", "expert", "correction")
            if data.get(k) is not None
        }
        values = {
            "score": data["score"],
            "published_category": data["published_category"],
            "published_rank": data["published_rank"],
            "rank_of": data["rank_of"],
            "rank_scope": data["rank_scope"],
            "size_class": data["size_class"],
            "confidence": data["confidence"],
            "source_id": source.pk,
        }
        if components:
            values["components"] = components
        actions.propose_correction(
            actor=request.user,  # type: ignore[arg-type]
            government=gov,
            instrument=data["instrument"],
            year=data["year"],
            values=values,
            reason=data["reason"],
            form_token=data["form_token"] or None,
        )
        messages.success(request, _("The correction waits for another person's review."))
        return redirect("integrity:manage")
    status = 422 if request.method == "POST" else 200
    return render(request, "integrity/correct.html", {"gov": gov, "form": form}, status=status)


@login_required
@require_POST
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve or reject one proposed correction."""
    correction = access.get_pending_correction(request.user, pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        raise Http404
    try:
        actions.review_correction(
            actor=request.user,  # type: ignore[arg-type]
            correction=correction,
            approve=form.cleaned_data["decision"] == "approve",
            note=form.cleaned_data["note"],
        )
    except actions.ChangeRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The correction has been reviewed."))
    return redirect("integrity:manage")


@login_required
@require_http_methods(["GET", "POST"])
def record_assessment(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a village's or school's assessment for one year (KPK officers and editors)."""
    access.require_manager(request.user)
    item = get_object_or_404(Participant.objects.select_related("government"), pk=pk)
    indicators = indicators_by_programme().get(item.programme, [])
    form = AssessmentForm(request.POST or None, indicators=indicators)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actions.record_assessment(
            actor=request.user,  # type: ignore[arg-type]
            participant=item,
            year=data["year"],
            values=form.values(),
            source_title=data["source_title"],
            source_url=data["source_url"],
            confidence=data["confidence"],
            form_token=data["form_token"] or None,
        )
        messages.success(
            request, _("The %(year)s assessment is recorded.") % {"year": data["year"]}
        )
        return redirect("integrity:participant", code=item.programme, pk=item.pk)
    status = 422 if request.method == "POST" else 200
    recent = item.assessments.order_by("-year").prefetch_related("changes__actor")[:5]
    context = {"item": item, "form": form, "recent": recent}
    return render(request, "integrity/assessment_form.html", context, status=status)

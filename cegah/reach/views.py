"""Staff pages: an agency's accounts, their figures (typed or imported) and targets."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cegah.agencies.models import AgencyType
from cegah.reach import access, actions
from cegah.reach.forms import AccountForm, DayForm, ImportForm, TargetForm
from cegah.reach.imports import import_csv
from cegah.reach.models import Account, DailyMetric, PageView, Target
from cegah.reach.targets import chart_series, progress

RECENT_DAYS = 60


@login_required
@require_http_methods(["GET", "POST"])
def accounts(request: HttpRequest) -> HttpResponse:
    agencies = access.managed_agencies(request.user)
    form = AccountForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                account = form.save()
        except IntegrityError:
            form.add_error("handle", _("This account is already registered."))
        else:
            return redirect("reach:account", pk=account.pk)
    today = timezone.localdate()
    rows = []
    for account in Account.objects.filter(agency__in=agencies).select_related("agency"):
        targets = [(t, progress(t, today)) for t in account.targets.all()]
        rows.append((account, targets))
    status = 400 if request.method == "POST" else 200
    context = {"rows": rows, "form": form, "page_views": None}
    if any(a.type == AgencyType.KPK for a in agencies):
        context["page_views"] = page_view_summary(today)
    return render(request, "reach/accounts.html", context, status=status)


PAGE_VIEW_DAYS = 30
TOP_PAGES = 20


def page_view_summary(today: Any) -> dict[str, Any]:
    """The site's page views over the last 30 days: per day and the most viewed pages."""
    since = today - dt.timedelta(days=PAGE_VIEW_DAYS - 1)
    recent = PageView.objects.filter(day__gte=since)
    return {
        "since": since,
        "per_day": list(recent.values("day").annotate(total=Sum("views")).order_by("-day")),
        "top": list(
            recent.values("path")
            .annotate(total=Sum("views"))
            .order_by("-total", "path")[:TOP_PAGES]
        ),
    }


def _account_page(request: HttpRequest, account: Account, **forms: Any) -> HttpResponse:
    today = timezone.localdate()
    context = {
        "account": account,
        "days": DailyMetric.objects.filter(account=account).order_by("-day")[:RECENT_DAYS],
        "targets": [(t, progress(t, today)) for t in account.targets.all()],
        "charts": [
            {
                "id": f"chart-{t.pk}",
                "title": str(t),
                "data": {
                    **chart_series(t, today),
                    "achieved_label": t.get_metric_display(),
                    "target_label": _("Target"),
                },
            }
            for t in account.targets.all()
        ],
        "day_form": forms.get("day_form") or DayForm(initial={"day": today}),
        "import_form": forms.get("import_form") or ImportForm(),
        "target_form": forms.get("target_form") or TargetForm(),
        "import_result": forms.get("import_result"),
    }
    bound = [forms.get(name) for name in ("day_form", "import_form", "target_form")]
    status = 400 if any(f is not None and f.errors for f in bound) else 200
    result = forms.get("import_result")
    if result is not None and result.errors:
        status = 422
    return render(request, "reach/account.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def account(request: HttpRequest, pk: int) -> HttpResponse:
    return _account_page(request, access.get_account(request.user, pk))


@login_required
@require_POST
def add_day(request: HttpRequest, pk: int) -> HttpResponse:
    account = access.get_account(request.user, pk)
    form = DayForm(request.POST)
    if not form.is_valid():
        return _account_page(request, account, day_form=form)
    actions.record_days(
        actor=request.user,  # type: ignore[arg-type]
        account=account,
        days=[actions.DayFigures(**form.cleaned_data)],
    )
    messages.success(request, _("The figures are saved."))
    return redirect("reach:account", pk=pk)


@login_required
@require_POST
def import_days(request: HttpRequest, pk: int) -> HttpResponse:
    account = access.get_account(request.user, pk)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _account_page(request, account, import_form=form)
    dry_run = form.cleaned_data["dry_run"]
    result = import_csv(account, form.cleaned_data["file"].read(), dry_run=dry_run)
    if result.errors or dry_run:
        return _account_page(request, account, import_form=form, import_result=result)
    messages.success(
        request,
        _("Imported %(rows)s days: %(created)s new, %(updated)s replaced.")
        % {
            "rows": result.created + result.updated,
            "created": result.created,
            "updated": result.updated,
        },
    )
    if result.unknown_columns:
        messages.warning(
            request,
            _("Columns not used: %(columns)s.") % {"columns": ", ".join(result.unknown_columns)},
        )
    return redirect("reach:account", pk=pk)


@login_required
@require_POST
def add_target(request: HttpRequest, pk: int) -> HttpResponse:
    account = access.get_account(request.user, pk)
    form = TargetForm(request.POST)
    if not form.is_valid():
        return _account_page(request, account, target_form=form)
    target: Target = form.save(commit=False)
    target.account = account
    target.created_by = request.user  # type: ignore[assignment]
    target.save()
    messages.success(request, _("The target is saved."))
    return redirect("reach:account", pk=pk)

"""A person's own data (export, erasure), the staff list of requests, the access log."""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cegah.accounts.access import agencies_with_role, is_kpk_officer
from cegah.accounts.models import Role
from cegah.audit.actions import log_access
from cegah.audit.models import AccessKind
from cegah.lib.pagination import CappedPaginator
from cegah.privacy import access, actions, registry
from cegah.privacy.forms import AccessLogFilterForm, EraseForm, object_type_label
from cegah.privacy.models import RequestStatus

if TYPE_CHECKING:
    from cegah.accounts.models import User

PER_PAGE = 50
CSV_BATCH = 2000


def _chat_senders(request: HttpRequest) -> list[tuple[str, str]]:
    """The web conversation this browser holds with Tanya Cegah, if any."""
    from cegah.chat.models import ChannelKind
    from cegah.chat.views import SESSION_KEY

    sender = request.session.get(SESSION_KEY)
    return [(ChannelKind.WEB.value, sender)] if sender else []


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def my_data(request: HttpRequest) -> HttpResponse:
    """What the platform may hold about the person, and the two requests they can make."""
    return _no_store(render(request, "privacy/my_data.html", {"providers": registry.providers()}))


@login_required
@require_POST
def export(request: HttpRequest) -> HttpResponse:
    """The person's data as a JSON file, or as a page (`format=html`); each is logged."""
    user: User = request.user  # type: ignore[assignment]
    _request, sections = actions.export_personal_data(
        actor=user, chat_senders=_chat_senders(request)
    )
    if request.POST.get("format") == "json":
        response = JsonResponse(
            registry.as_json(user.pk, sections),
            json_dumps_params={"ensure_ascii": False, "indent": 2},
        )
        day = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="cegah-data-saya-{day}.json"'
        return _no_store(response)
    return _no_store(
        render(request, "privacy/summary.html", {"sections": sections, "now": timezone.now()})
    )


@login_required
@require_http_methods(["GET", "POST"])
def erase(request: HttpRequest) -> HttpResponse:
    """What erasure does to each kind of data, and the confirmation with the password."""
    user: User = request.user  # type: ignore[assignment]
    form = EraseForm(request.POST or None, user=user)
    refused = None
    if request.method == "POST" and form.is_valid():
        done = actions.erase_personal_data(actor=user, chat_senders=_chat_senders(request))
        if done.status == RequestStatus.COMPLETED:
            logout(request)
            messages.success(request, gettext("Your account and personal data have been erased."))
            return redirect("privacy:erased")
        refused = done
    blockers = registry.blockers(registry.Subject(user))
    context = {
        "form": form,
        "providers": registry.providers(),
        "blockers": blockers,
        "refused": refused,
    }
    status = 400 if form.errors else 409 if refused else 200
    return _no_store(render(request, "privacy/erase.html", context, status=status))


@require_GET
def erased(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy/erased.html")


@login_required
@require_GET
def requests_list(request: HttpRequest) -> HttpResponse:
    """Every export and erasure request, without their contents (KPK officers)."""
    rows = access.requests_for(request.user).order_by("-requested_at", "-id")
    page = CappedPaginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return _no_store(render(request, "privacy/requests.html", {"page": page}))


def _access_rows(request: HttpRequest) -> tuple[AccessLogFilterForm, Any]:
    form = AccessLogFilterForm(request.GET or None)
    rows = form.apply(access.access_log_for(request.user))
    return form, rows.select_related("agency").order_by("-at", "-id")


@login_required
@require_GET
def access_log(request: HttpRequest) -> HttpResponse:
    """Who accessed private data: every row for KPK, the agency's subtree for its
    inspectorate, a 404 for everybody else."""
    form, rows = _access_rows(request)
    page = CappedPaginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    for row in page.object_list:
        row.object_label = object_type_label(row.object_type)
    context = {"form": form, "page": page, "is_kpk": is_kpk_officer(request.user)}
    status = 400 if form.is_bound and form.errors else 200
    return _no_store(render(request, "privacy/access_log.html", context, status=status))


class _Echo:
    def write(self, value: str) -> str:
        return value


def _cell(value: object) -> str:
    """Text a spreadsheet will never run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv_lines(rows: Any) -> Iterator[str]:
    writer = csv.writer(_Echo())
    header = [
        gettext("When"),
        gettext("Who"),
        gettext("Access"),
        gettext("Object type"),
        gettext("Object id"),
        gettext("Agency"),
        gettext("Reason"),
    ]
    kinds = dict(AccessKind.choices)
    zone = timezone.get_current_timezone()
    body = (
        [
            row.at.astimezone(zone).isoformat(timespec="seconds"),
            _cell(row.actor_label),
            str(kinds.get(row.kind, row.kind)),
            row.object_type,
            row.object_id,
            row.agency.code if row.agency_id else "",
            _cell(row.reason),
        ]
        for row in rows.iterator(chunk_size=CSV_BATCH)
    )
    yield "\ufeff"  # so spreadsheet programs read the names as UTF-8
    for line in itertools.chain([header], body):
        yield writer.writerow(line)


@login_required
@require_GET
def access_log_csv(request: HttpRequest) -> HttpResponseBase:
    """The filtered rows as CSV; the export itself is logged (kind EXPORT) against the
    agency whose log it is (the person's own account when they have no agency)."""
    form, rows = _access_rows(request)
    if form.is_bound and not form.is_valid():
        return HttpResponse(status=400)
    user: User = request.user  # type: ignore[assignment]
    scope = agencies_with_role(user, Role.INSPECTOR) or agencies_with_role(user, Role.KPK_OFFICER)
    filters = "&".join(f"{k}={v}" for k, v in request.GET.items() if v)
    log_access(
        actor=user,
        obj=scope[0] if scope else user,
        kind=AccessKind.EXPORT,
        agency=scope[0] if scope else None,
        reason=f"access log CSV {filters}".strip(),
    )
    response = StreamingHttpResponse(_csv_lines(rows), content_type="text/csv; charset=utf-8")
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="log-akses-{day}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response

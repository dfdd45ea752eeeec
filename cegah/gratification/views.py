"""Gratification pages: the public exemptions list and check, and the reports."""

from __future__ import annotations

import csv
import io
import secrets
from typing import Any
from urllib.parse import quote, urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from openpyxl import Workbook

from cegah.audit.actions import log_access
from cegah.audit.models import AccessKind
from cegah.gratification import access, actions, decree, statistics
from cegah.gratification.forms import (
    ANSWER_FIELDS,
    STEP_TITLES,
    STEPS,
    DecisionForm,
    HandoverForm,
    OptionalNoteForm,
    ReasonForm,
    ReportForm,
    answers_as_text,
    gift_from,
    validate_answers,
)
from cegah.gratification.models import (
    Decision,
    DecreeIssuer,
    GratificationReport,
    ReportError,
    RulesVersion,
    assess_gift,
    category_for,
)
from cegah.gratification.pdf import pdf_response
from cegah.gratification.rules import PERISHABLE_FORMS
from cegah.lib.uploads import CleanFile, clean_upload

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Public: the exemptions and the check


def exemptions(request: HttpRequest) -> HttpResponse:
    """The exemptions of Pasal 2 ayat (3) in force today, or of the version `?versi=` names."""
    versions = list(RulesVersion.objects.all())
    wanted = request.GET.get("versi")
    if wanted:
        day = parse_date(wanted) if len(wanted) == 10 else None
        version = next((v for v in versions if v.effective_from == day), None)
        if version is None:
            raise Http404
    else:
        today = timezone.localdate()
        version = next((v for v in versions if v.effective_from <= today), None)
        if version is None and versions:
            version = versions[-1]
    if version is None:
        raise Http404
    in_force = next((v for v in versions if v.effective_from <= timezone.localdate()), None)
    context = {
        "version": version,
        "exemptions": list(version.exemptions.all()),
        "versions": versions,
        "is_current": version == in_force,
    }
    return render(request, "gratification/exemptions.html", context)


def _hidden_answers(query: QueryDict, skip: set[str]) -> list[tuple[str, str]]:
    return [
        (name, str(query.get(name)))
        for name in ANSWER_FIELDS
        if name not in skip and query.get(name)
    ]


def _step_page(request: HttpRequest, index: int, form: Form, status: int = 200) -> HttpResponse:
    query = request.GET
    back = None
    if index > 0:
        back = "?" + urlencode([("langkah", index), *_hidden_answers(query, set())])
    context = {
        "form": form,
        "step": index + 1,
        "steps": len(STEPS),
        "title": STEP_TITLES[index],
        "hidden": _hidden_answers(query, set(form.fields)),
        "action": reverse(
            "gratification:check_result" if index == len(STEPS) - 1 else "gratification:check"
        ),
        "next_step": index + 2,
        "back": back,
        "is_last": index == len(STEPS) - 1,
    }
    return render(request, "gratification/check_step.html", context, status=status)


def check(request: HttpRequest) -> HttpResponse:
    """The step-by-step check, with plain GET forms: every answer so far travels in the
    address (hidden fields), so it works without JavaScript, cookies or an account."""
    try:
        wanted = int(request.GET.get("langkah", "1"))
    except ValueError:
        wanted = 1
    wanted = min(max(wanted, 1), len(STEPS))
    valid_steps, _cleaned, invalid = validate_answers(request.GET)
    if invalid is not None and valid_steps < wanted - 1:
        return _step_page(request, valid_steps, invalid, status=400)
    step = STEPS[wanted - 1]
    # Show the step with what was answered before (going back keeps the answers).
    given = {name: request.GET[name] for name in step.base_fields if name in request.GET}
    return _step_page(request, wanted - 1, step(initial=given))


def check_result(request: HttpRequest) -> HttpResponse:
    """The answer: the same engine function as the API, for the answers of every step."""
    valid_steps, cleaned, invalid = validate_answers(request.GET)
    if invalid is not None:
        return _step_page(request, valid_steps, invalid, status=400)
    try:
        result = assess_gift(gift_from(cleaned))
    except LookupError as exc:
        raise Http404 from exc
    query = urlencode(answers_as_text(cleaned))
    report_url = reverse("gratification:report_new") + "?" + query
    if not request.user.is_authenticated:
        report_url = reverse("account_login") + "?next=" + quote(report_url, safe="/")
    context = {
        "result": result,
        "gift": cleaned,
        "perishable": cleaned["form"] in PERISHABLE_FORMS,
        "exemption": result.exemption,
        "report_url": report_url,
        "edit_url": reverse("gratification:check") + "?" + query,
    }
    return render(request, "gratification/check_result.html", context)


# Reports: the reporter


def _civil_servant_only(request: HttpRequest) -> HttpResponse:
    return render(request, "gratification/not_civil_servant.html", status=403)


def _report_page(
    request: HttpRequest, form: ReportForm, report: GratificationReport | None, status: int = 200
) -> HttpResponse:
    context = {"form": form, "report": report, "files_dropped": bool(request.FILES)}
    return render(request, "gratification/report_form.html", context, status=status)


def _clean_files(request: HttpRequest, form: ReportForm) -> list[CleanFile] | None:
    files: list[CleanFile] = []
    for upload in request.FILES.getlist("evidence"):
        try:
            files.append(clean_upload(upload, stem="evidence"))
        except ValidationError as exc:
            form.add_error("evidence", exc)
            return None
    return files


def _initial_from(query: QueryDict) -> dict[str, Any]:
    """The report's initial values from the check's answers in the result page's link,
    with KPK's object category worked out from the form of the gift."""
    _valid, cleaned, _invalid = validate_answers(query)
    initial = dict(cleaned)
    if "form" in initial:
        category = category_for(initial["form"], initial.get("kind", "gift"))
        if category is not None:
            initial["category"] = category.value
    return initial


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def report_new(request: HttpRequest) -> HttpResponse:
    """A new report, prefilled from the check's answers; saved as a draft first."""
    agency = access.reporting_agency(request.user)
    if agency is None:
        return _civil_servant_only(request)
    user = request.user
    if request.method != "POST":
        initial = _initial_from(request.GET)
        initial.update(
            reporter_name=user.full_name,  # type: ignore[union-attr]
            reporter_email=user.email,  # type: ignore[union-attr]
            reporter_phone=user.phone,  # type: ignore[union-attr]
            form_token=secrets.token_urlsafe(24),
        )
        return _report_page(request, ReportForm(initial=initial), None)
    form = ReportForm(request.POST)
    files = _clean_files(request, form) if form.is_valid() else None
    if files is None:
        return _report_page(request, form, None, status=400)
    data, answers = form.split()
    try:
        report, _created = actions.create_report(
            actor=user,  # type: ignore[arg-type]
            agency=agency,
            data=data,
            answers=answers,
            files=files,
            form_token=form.cleaned_data["form_token"] or None,
        )
    except ReportError as exc:
        form.add_error(None, exc.message)
        return _report_page(request, form, None, status=400)
    messages.success(request, _("Your draft is saved. Check it, then send it."))
    return redirect("gratification:report_detail", pk=report.pk)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = access.get_report_for_user(request.user, pk)
    if not access.is_reporter(request.user, report):
        raise Http404
    if not report.is_editable:
        messages.error(request, _("This report can no longer be changed."))
        return redirect("gratification:report_detail", pk=pk)
    if request.method != "POST":
        return _report_page(request, ReportForm(instance=report), report)
    form = ReportForm(request.POST, instance=report)
    files = _clean_files(request, form) if form.is_valid() else None
    if files is None:
        return _report_page(request, form, report, status=400)
    data, answers = form.split()
    try:
        actions.update_report(
            actor=request.user,  # type: ignore[arg-type]
            report=report,
            data=data,
            answers=answers,
            files=files,
        )
    except ReportError as exc:
        form.add_error(None, exc.message)
        return _report_page(request, form, report, status=400)
    messages.success(request, _("Your changes are saved."))
    return redirect("gratification:report_detail", pk=pk)


@require_POST
@login_required
def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    report = access.get_report_for_user(request.user, pk)
    if not access.is_reporter(request.user, report):
        raise Http404
    actions.submit_report(actor=request.user, report=report)  # type: ignore[arg-type]
    return redirect("gratification:report_receipt", pk=pk)


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    """The person's own reports."""
    reports = GratificationReport.objects.filter(reporter_id=request.user.pk).select_related(
        "agency"
    )
    context = {
        "reports": reports,
        "upg_inbox": access.upg_inbox(request.user) is not None,
        "kpk_inbox": access.kpk_inbox(request.user) is not None,
    }
    return render(request, "gratification/report_list.html", context)


def _log_staff_view(request: HttpRequest, report: GratificationReport, kind: AccessKind) -> None:
    if access.is_staff_for(request.user, report):
        log_access(actor=request.user, obj=report, kind=kind, agency=report.agency)


@never_cache
@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = access.get_report_for_user(request.user, pk)
    _log_staff_view(request, report, AccessKind.VIEW)
    allowed = access.allowed_actions(request.user, report)
    context = {
        "report": report,
        **(decree.letter_context(report, with_qr=False) if report.decision else {}),
        "events": report.events.select_related("actor"),
        "evidence": report.evidence.all(),
        "is_reporter": access.is_reporter(request.user, report),
        "allowed": allowed,
        "forms": {
            "return_by_upg": ReasonForm(prefix="return_by_upg"),
            "forward_to_kpk": OptionalNoteForm(prefix="forward_to_kpk"),
            "return_by_kpk": ReasonForm(prefix="return_by_kpk"),
            "verify": OptionalNoteForm(prefix="verify"),
            "decide": DecisionForm(prefix="decide"),
            "handover": HandoverForm(prefix="handover"),
            "mark_letter_sent": OptionalNoteForm(prefix="mark_letter_sent"),
        },
    }
    return render(request, "gratification/report_detail.html", context)


def _submitted_report(request: HttpRequest, pk: int) -> GratificationReport:
    report = access.get_report_for_user(request.user, pk)
    if report.number is None:
        raise Http404
    return report


def _decided_report(request: HttpRequest, pk: int) -> GratificationReport:
    report = access.get_report_for_user(request.user, pk)
    if not report.decision:
        raise Http404
    return report


@never_cache
@login_required
def report_receipt(request: HttpRequest, pk: int) -> HttpResponse:
    """The receipt with the report number, printable, with a link to its PDF."""
    report = _submitted_report(request, pk)
    _log_staff_view(request, report, AccessKind.VIEW)
    return render(request, "gratification/receipt.html", {"report": report})


@never_cache
@login_required
def report_receipt_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The receipt as a PDF file; staff downloads are logged like the page."""
    report = _submitted_report(request, pk)
    _log_staff_view(request, report, AccessKind.DOWNLOAD)
    return pdf_response(
        request,
        "gratification/pdf/receipt.html",
        {"report": report},
        filename=f"tanda-terima-{report.number}.pdf",
    )


@never_cache
@login_required
def decision_letter(request: HttpRequest, pk: int) -> HttpResponse:
    """KPK's decision letter, printable, for the reporter and staff."""
    report = _decided_report(request, pk)
    _log_staff_view(request, report, AccessKind.VIEW)
    context = {"report": report, **decree.letter_context(report)}
    return render(request, "gratification/decision_letter.html", context)


@never_cache
@login_required
def decision_letter_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """KPK's decision letter as a PDF file; staff downloads are logged like the page."""
    report = _decided_report(request, pk)
    _log_staff_view(request, report, AccessKind.DOWNLOAD)
    return pdf_response(
        request,
        "gratification/pdf/decision_letter.html",
        {"report": report, **decree.letter_context(report)},
        filename=f"keputusan-{report.number}.pdf",
    )


def verify_decree(request: HttpRequest, digest: str) -> HttpResponse:
    """Public: whether a decision letter with this hash was issued, and is unchanged since;
    its number, date, decision and signatory, never the reporter, the object or its value."""
    report = access.get_decree(digest)
    context = {"report": report, "intact": decree.is_intact(report)}
    return render(request, "gratification/verify.html", context)


@never_cache
@login_required
def evidence_file(request: HttpRequest, pk: int, evidence_id: int) -> FileResponse:
    report = access.get_report_for_user(request.user, pk)
    evidence = access.get_evidence(report, evidence_id)
    _log_staff_view(request, report, AccessKind.DOWNLOAD)
    response = FileResponse(
        evidence.file.open("rb"),
        content_type=evidence.content_type,
        as_attachment=evidence.content_type == "application/pdf",
        filename=evidence.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# Staff: actions and inboxes

_ACTION_FORMS: dict[str, type[Form]] = {
    "return_by_upg": ReasonForm,
    "forward_to_kpk": OptionalNoteForm,
    "return_by_kpk": ReasonForm,
    "verify": OptionalNoteForm,
    "decide": DecisionForm,
    "handover": HandoverForm,
    "mark_letter_sent": OptionalNoteForm,
}


@require_POST
@login_required
def staff_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    report = access.get_report_for_user(request.user, pk)
    if not access.may(request.user, report, action):
        messages.error(request, _("You cannot do this with this report now."))
        return redirect("gratification:report_detail", pk=pk)
    form = _ACTION_FORMS[action](request.POST, prefix=action)
    if not form.is_valid():
        errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        messages.error(request, errors)
        return redirect("gratification:report_detail", pk=pk)
    data = form.cleaned_data
    actor = request.user
    try:
        if action == "return_by_upg":
            actions.return_by_upg(actor=actor, report=report, message=data["message"])  # type: ignore[arg-type]
        elif action == "forward_to_kpk":
            actions.forward_to_kpk(actor=actor, report=report, message=data["message"])  # type: ignore[arg-type]
        elif action == "return_by_kpk":
            actions.return_by_kpk(actor=actor, report=report, message=data["message"])  # type: ignore[arg-type]
        elif action == "verify":
            actions.verify_report(actor=actor, report=report, message=data["message"])  # type: ignore[arg-type]
        elif action == "decide":
            actions.decide_report(
                actor=actor,  # type: ignore[arg-type]
                report=report,
                decision=Decision(data["decision"]),
                issuer=DecreeIssuer(data["issuer"]),
                signatory_name=data["signatory_name"],
                signatory_position=data["signatory_position"],
                amount_idr=data.get("amount_idr"),
                reason=data.get("reason") or "",
            )
        elif action == "mark_letter_sent":
            actions.mark_letter_sent(actor=actor, report=report, message=data["message"])  # type: ignore[arg-type]
        else:
            actions.record_handover(actor=actor, report=report, message=data["message"])  # type: ignore[arg-type]
    except ReportError as exc:
        messages.error(request, exc.message)
        return redirect("gratification:report_detail", pk=pk)
    messages.success(request, _("Done."))
    return redirect("gratification:report_detail", pk=pk)


def _inbox(request: HttpRequest, reports: Any, title: str) -> HttpResponse:
    rows = list(reports.with_related().order_by("created_at"))
    return render(request, "gratification/inbox.html", {"reports": rows, "title": title})


@never_cache
@login_required
def upg_inbox(request: HttpRequest) -> HttpResponse:
    reports = access.upg_inbox(request.user)
    if reports is None:
        raise Http404
    return _inbox(request, reports, _("Gratification reports waiting on the UPG"))


@never_cache
@login_required
def kpk_inbox(request: HttpRequest) -> HttpResponse:
    reports = access.kpk_inbox(request.user)
    if reports is None:
        raise Http404
    return _inbox(request, reports, _("Gratification reports waiting on KPK"))


# Statistics: aggregates only


def _year(request: HttpRequest) -> int:
    try:
        return int(request.GET.get("tahun", ""))
    except ValueError:
        return timezone.localdate().year


def statistics_page(request: HttpRequest) -> HttpResponse:
    """Public: reports, value, outcomes and the share on time, nationally and per government,
    with small cells hidden (`statistics`); the same grid downloads as CSV and XLSX."""
    year = _year(request)
    government = None
    code = request.GET.get("instansi")
    if code:
        government = access.get_government(code)
    published = statistics.publish(year)
    context = {
        "year": year,
        "years": statistics.years(),
        "government": government,
        "months": published.monthly(government),
        "governments": published.per_government(),
        "hidden_mark": statistics.hidden_mark(),
        "min_cell": statistics.MIN_CELL,
    }
    return render(request, "gratification/statistics.html", context)


def statistics_csv(request: HttpRequest) -> HttpResponse:
    """Public: the year's suppressed grid (each government by month, the year's and the
    nation's totals) as CSV, headings in the language of the address."""
    year = _year(request)
    rows = statistics.publish(year).export_rows()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="gratifikasi-{year}.csv"'
    writer = csv.writer(response)
    writer.writerow(statistics.export_header())
    for row in rows:
        writer.writerow(statistics.export_row(row))
    return response


def statistics_xlsx(request: HttpRequest) -> HttpResponse:
    """Public: the same rows as the CSV, as an Excel workbook with a header row and a sheet
    that explains the hidden figures."""
    year = _year(request)
    rows = statistics.publish(year).export_rows()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(year)
    sheet.append(statistics.export_header())
    for row in rows:
        sheet.append(statistics.export_row(row))
    sheet.freeze_panes = "A2"
    notes = workbook.create_sheet(_("Notes"))
    notes.append([statistics.export_note()])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="gratifikasi-{year}.xlsx"'
    return response

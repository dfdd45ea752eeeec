"""Complaint pages: the public intake and tracking by code, and the staff workspaces."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from cegah.audit.actions import log_access
from cegah.audit.models import AccessKind
from cegah.complaints import access, actions, fee_context, ratelimit
from cegah.complaints.forms import (
    AssignUnitForm,
    CloseForm,
    ComplaintForm,
    EmailCodeForm,
    FindByCodeForm,
    ForwardForm,
    InboxFilterForm,
    NoteForm,
    OptionalMessageForm,
    PublicFilterForm,
    QuestionForm,
    RateForm,
    RejectAuthorityForm,
    ReopenForm,
    ReplyForm,
    ReporterUpdateForm,
    ResolveForm,
    StaffForm,
    TrackForm,
)
from cegah.complaints.models import (
    FIRST_RESPONSE_DAYS,
    MAX_ATTACHMENTS,
    Attachment,
    CloseReason,
    Complaint,
    ComplaintError,
    ComplaintEvent,
    ComplaintQuerySet,
)
from cegah.complaints.similar import similar_complaints
from cegah.complaints.transparency import (
    agencies_with_public_complaints,
    agency_statistics,
    median_response_days,
    public_complaints,
    public_rows,
)
from cegah.core.errors import rate_limited, too_many_context
from cegah.lib.altcha import has_proof
from cegah.lib.pagination import CappedPaginator
from cegah.regions.models import Region

PAGE_SIZE = 25
INBOX_COUNT_CAP = 1000
STATISTICS_PAGE_SIZE = 50
RECEIPT_KEY = "complaint_receipt"
CODES_KEY = "complaint_codes"
MAX_REMEMBERED = 20


def _remember_code(request: HttpRequest, code: str) -> None:
    """Keep the code in the session so the holder need not type it again."""
    codes: list[str] = [c for c in request.session.get(CODES_KEY, []) if c != code]
    request.session[CODES_KEY] = [code, *codes][:MAX_REMEMBERED]


# Public: intake and receipt


def _intake_page(
    request: HttpRequest, form: ComplaintForm, status: int = 200, **extra: Any
) -> HttpResponse:
    # Browsers never send files again with a re-shown form: accepted ones are kept with it
    # (`form.kept`); only without a usable form token could they not be, and the page says so.
    files_dropped = bool(request.FILES) and ComplaintForm.key_of(request.POST) is None
    context = {
        "form": form,
        "files_dropped": files_dropped,
        "fee_context": _fee_context_of(form),
        **extra,
    }
    return render(request, "complaints/new.html", context, status=status)


def _fee_context_of(form: ComplaintForm) -> fee_context.FeeContext | None:
    """The service, office and fees the form carries (as typed: it may not be valid yet)."""
    values = fee_context.initial_from_query(
        {
            "layanan": form["service_code"].value(),
            "kantor": form["office_code"].value(),
            "biaya_resmi": form["official_fee_idr"].value(),
            "diminta": form["asked_fee_idr"].value(),
        }
    )
    if not values.get("service_code") and not values.get("office_code"):
        return None
    return fee_context.describe(
        service_code=values.get("service_code", ""),
        office_code=values.get("office_code", ""),
        official_fee_idr=values.get("official_fee_idr"),
        asked_fee_idr=values.get("asked_fee_idr"),
    )


def _keep_uploads(request: HttpRequest, form: ComplaintForm) -> None:
    """Keep the files this request brought that passed the checks, whatever else is wrong
    with the form, so a form shown again never loses them (issue 12)."""
    accepted, _refused = form.uploads
    key = form.form_key
    # A filled robot trap means a robot: its files are not worth keeping.
    if not accepted or key is None or form.data.get("website"):
        return
    if not ratelimit.allow_uploads(request, len(accepted), MAX_ATTACHMENTS):
        form.refuse_uploads(
            _("Too many files were sent from your connection. Try again in an hour.")
        )
        return
    try:
        form.kept.extend(actions.keep_uploads(form_key=key, files=accepted))
    except ComplaintError as exc:
        form.refuse_uploads(exc.message)


def _upload_id(value: str) -> int | None:
    return int(value) if value.isdigit() else None


def _intake_rate_limited(
    request: HttpRequest, form: ComplaintForm, setting: ratelimit.RateSetting
) -> HttpResponse:
    """The form again with what was typed, how long to wait, the hotline and `Retry-After`."""
    wait = ratelimit.retry_after(request, setting)
    return rate_limited(_intake_page(request, form, status=429, **too_many_context(wait)), wait)


@never_cache
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    """The complaint form: no account needed; a signed-in person finds their details filled."""
    user = request.user
    if request.method != "POST":
        initial: dict[str, Any] = {"form_token": secrets.token_urlsafe(24)}
        # From the fee check or an office's poster: the service, office and fees it names.
        initial.update(fee_context.initial_from_query(request.GET))
        region = None
        if user.is_authenticated:
            initial.update(
                reporter_name=user.full_name,
                reporter_email=user.email,
                reporter_phone=user.phone,
            )
            region = user.region
        # The office named on a poster tells the place and the region; the service, the
        # category a person would choose. Both stay theirs to change.
        prefill = fee_context.prefill(initial)
        initial.update(prefill.initial)
        if prefill.region_code:
            region = Region.objects.filter(code=prefill.region_code).first() or region
        return _intake_page(request, ComplaintForm(initial=initial, initial_region=region))
    kept = access.kept_uploads(ComplaintForm.key_of(request.POST))
    form = ComplaintForm(request.POST, request.FILES, kept=kept)
    _keep_uploads(request, form)
    removed = _upload_id(request.POST.get("remove_upload", ""))
    if removed is not None and form.form_key is not None:
        actions.discard_kept_upload(form_key=form.form_key, upload_id=removed)
        form.kept = [upload for upload in form.kept if upload.pk != removed]
        return _intake_page(request, ComplaintForm.shown_again(form, focus="evidence"))
    if form.region_refresh_requested:
        # A step, not a failure: the next level's choices, nothing checked yet.
        return _intake_page(request, ComplaintForm.shown_again(form, focus="region"))
    if not form.is_valid():
        return _intake_page(request, form, status=400)
    # Only a complaint that will be sent is counted: a form refused for a mistake uses up
    # nothing (docs/decisions/0010-complaint-defects.md).
    limits: list[ratelimit.RateSetting] = ["COMPLAINTS_SUBMIT_RATE"]
    if not has_proof(form):
        limits.append("COMPLAINTS_UNPROVEN_RATE")
    full = ratelimit.allow_all(request, *limits)
    if full == "COMPLAINTS_SUBMIT_RATE":
        form.add_error(
            None, _("Too many complaints were sent from your connection. Try again in an hour.")
        )
        return _intake_rate_limited(request, form, full)
    if full is not None:
        form.add_error(
            None,
            _(
                "Too many complaints were sent from your connection without the robot check. "
                "Turn on JavaScript in your browser so it can do the check, or try again in an "
                "hour."
            ),
        )
        return _intake_rate_limited(request, form, full)
    data = form.cleaned_data
    complaint, _created = actions.submit_complaint(
        actor=user,
        category=data["category"],
        region=data["region"],
        place=data["place"],
        incident_date=data["incident_date"],
        description=data["description"],
        anonymous=data["anonymous"],
        confidential=data["confidential"],
        consent_to_share_identity=data["consent_to_share_identity"],
        reporter_name=data["reporter_name"],
        reporter_email=data["reporter_email"],
        reporter_phone=data["reporter_phone"],
        service_code=data["service_code"],
        office_code=data["office_code"],
        official_fee_idr=data["official_fee_idr"],
        asked_fee_idr=data["asked_fee_idr"],
        upload_key=form.form_key,
        idempotency_key=form.form_key,
        language=get_language() or "id",
    )
    request.session[RECEIPT_KEY] = complaint.tracking_code
    _remember_code(request, complaint.tracking_code)
    return redirect("complaints:receipt")


@never_cache
@require_http_methods(["GET", "POST"])
def receipt(request: HttpRequest) -> HttpResponse:
    """The tracking code, shown large once the complaint is in, with an offer to email it."""
    code = request.session.get(RECEIPT_KEY)
    if not code:
        return redirect("complaints:track")
    complaint = access.get_complaint_by_code(code)
    form = EmailCodeForm(request.POST or None)
    wait = None
    if request.method == "POST":
        # A mistyped address is refused before anything is counted.
        if not form.is_valid():
            status = 400
        elif not ratelimit.allow(request, "COMPLAINTS_SUBMIT_RATE"):
            form.add_error(None, _("Too many emails were requested. Try again in an hour."))
            status = 429
            wait = ratelimit.retry_after(request, "COMPLAINTS_SUBMIT_RATE")
        else:
            actions.email_tracking_code(
                complaint=complaint,
                email=form.cleaned_data["email"],
                language=get_language() or "id",
            )
            messages.success(request, _("The tracking code has been sent to your email."))
            return redirect("complaints:receipt")
    else:
        status = 200
    response = render(
        request,
        "complaints/receipt.html",
        {"complaint": complaint, "form": form, **(too_many_context(wait) if wait else {})},
        status=status,
    )
    return rate_limited(response, wait) if wait is not None else response


# Public: tracking with the code


@never_cache
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """Enter a tracking code; codes entered before in this browser are listed."""
    form = TrackForm(request.POST or None)
    status = 200
    wait = None
    if request.method == "POST":
        if not ratelimit.allow(request, "COMPLAINTS_LOOKUP_RATE"):
            form.is_valid()
            form.add_error(None, _("Too many attempts. Wait a minute and try again."))
            status = 429
            wait = ratelimit.retry_after(request, "COMPLAINTS_LOOKUP_RATE")
        elif form.is_valid():
            code = form.cleaned_data["code"]
            if access.code_exists(code):
                _remember_code(request, code)
                return redirect("complaints:track_detail", code=code)
            form.add_error("code", _("No complaint has this code. Check it and try again."))
            status = 404
        else:
            status = 400
    remembered = access.complaints_for_codes(request.session.get(CODES_KEY, []))
    response = render(
        request,
        "complaints/track.html",
        {"form": form, "remembered": remembered, **(too_many_context(wait) if wait else {})},
        status=status,
    )
    return rate_limited(response, wait) if wait is not None else response


def _public_page(
    request: HttpRequest,
    complaint: Complaint,
    *,
    bound: dict[str, Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The reporter's page; `bound` holds a refused form to show again with its errors."""
    bound = bound or {}
    events = (
        complaint.events.filter(internal=False)
        .select_related("agency")
        .prefetch_related(
            Prefetch("attachments", queryset=Attachment.objects.filter(internal=False))
        )
    )
    context = {
        "complaint": complaint,
        "events": events,
        "update_form": bound.get("update_form", ReporterUpdateForm())
        if complaint.can("reporter_update")
        else None,
        "reopen_form": bound.get("reopen_form", ReopenForm()) if complaint.can("reopen") else None,
        "rate_form": bound.get("rate_form", RateForm()) if complaint.can("rate") else None,
    }
    return render(request, "complaints/track_detail.html", context, status=status)


@never_cache
@require_http_methods(["GET"])
def track_detail(request: HttpRequest, code: str) -> HttpResponse:
    """The reporter's view: status, replies, questions and what they can do next."""
    complaint = access.get_complaint_by_code(code)
    _remember_code(request, complaint.tracking_code)
    return _public_page(request, complaint)


def _reporter_step(
    request: HttpRequest,
    code: str,
    form_class: type[ReporterUpdateForm | ReopenForm | RateForm],
    form_name: str,
    perform: Callable[[Complaint, dict[str, Any]], ComplaintEvent],
    done: str,
) -> HttpResponse:
    complaint = access.get_complaint_by_code(code)
    form = form_class(request.POST, request.FILES)
    if not form.is_valid():
        return _public_page(request, complaint, bound={form_name: form}, status=400)
    try:
        perform(complaint, form.cleaned_data)
    except ComplaintError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect(complaint.public_url())


@require_POST
def reporter_update(request: HttpRequest, code: str) -> HttpResponse:
    """The reporter answers a question or adds evidence."""
    return _reporter_step(
        request,
        code,
        ReporterUpdateForm,
        "update_form",
        lambda c, d: actions.add_reporter_update(
            actor=request.user, complaint=c, message=d["message"], files=d["evidence"]
        ),
        _("Thank you. Your information has been added."),
    )


@require_POST
def reopen(request: HttpRequest, code: str) -> HttpResponse:
    """The reporter reopens a resolved complaint."""
    return _reporter_step(
        request,
        code,
        ReopenForm,
        "reopen_form",
        lambda c, d: actions.reopen_complaint(actor=request.user, complaint=c, reason=d["reason"]),
        _("Your complaint has been reopened and sent back to the agency."),
    )


@require_POST
def rate(request: HttpRequest, code: str) -> HttpResponse:
    """The reporter rates the outcome."""
    return _reporter_step(
        request,
        code,
        RateForm,
        "rate_form",
        lambda c, d: actions.rate_complaint(
            actor=request.user, complaint=c, rating=d["rating"], comment=d["comment"]
        ),
        _("Thank you for your rating."),
    )


def _file_response(attachment: Attachment) -> FileResponse:
    response = FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        as_attachment=attachment.content_type == "application/pdf",
        filename=attachment.original_name,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET"])
def public_attachment(request: HttpRequest, code: str, attachment_id: int) -> HttpResponseBase:
    """An evidence file, for the holder of the code only."""
    complaint = access.get_complaint_by_code(code)
    return _file_response(access.get_public_attachment(complaint, attachment_id))


# Public: transparency


@require_http_methods(["GET"])
def public_list(request: HttpRequest) -> HttpResponse:
    """Complaints the public may see, without personal data: category, regency or city,
    agency, status and dates; never confidential ones."""
    form = PublicFilterForm(request.GET or None, agencies=agencies_with_public_complaints())
    page = Paginator(form.apply(public_complaints()), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "complaints/public_list.html",
        {"form": form, "page": page, "rows": public_rows(page.object_list)},
    )


@require_http_methods(["GET"])
def statistics(request: HttpRequest) -> HttpResponse:
    """How each agency answers: received, resolved, median working days to the first
    response, and the share answered within the deadline."""
    page = Paginator(agency_statistics(), STATISTICS_PAGE_SIZE).get_page(request.GET.get("page"))
    medians = median_response_days([row["agency"] for row in page.object_list])
    rows = [
        {
            **row,
            "median_days": medians[row["agency"]],
            "on_time_percent": round(100 * row["on_time"] / row["due"]) if row["due"] else None,
        }
        for row in page.object_list
    ]
    return render(
        request,
        "complaints/statistics.html",
        {"page": page, "rows": rows, "first_response_days": FIRST_RESPONSE_DAYS},
    )


# Staff: inboxes


def _inbox_page(
    request: HttpRequest,
    qs: ComplaintQuerySet,
    *,
    title: str,
    units: Any = None,
) -> HttpResponse:
    """The inbox's list with its filters (GET); a tracking code typed in "Find by tracking
    code" (POST) opens that complaint if it is in this inbox."""
    find = FindByCodeForm(request.POST if request.method == "POST" else None, auto_id="find-%s")
    status = 200
    if find.is_bound:
        if find.is_valid():
            pk = access.find_by_code(qs, find.cleaned_data["code"])
            if pk is not None:
                return redirect("complaints:staff_detail", pk=pk)
            # The same answer whether the code is unknown or another agency's complaint.
            find.add_error("code", _("No complaint in this inbox has this tracking code."))
            status = 404
        else:
            status = 400
    data = request.GET if request.GET else {"status": "open"}
    form = InboxFilterForm(data, units=units)
    # Inboxes can hold hundreds of thousands of complaints: count at most INBOX_COUNT_CAP.
    paginator = CappedPaginator(form.apply(qs.with_related()), PAGE_SIZE, cap=INBOX_COUNT_CAP)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "form": form,
        "find": find,
        "page": page,
        "title": title,
        "show_unit": units is not None,
    }
    return render(request, "complaints/inbox.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def verifier_inbox(request: HttpRequest) -> HttpResponse:
    """KPK's verifiers: every complaint, open ones first by default."""
    if not access.is_verifier(request.user):
        raise Http404
    return _inbox_page(request, access.verifier_queue(), title=_("Complaints to verify"))


@login_required
@require_http_methods(["GET", "POST"])
def agency_inbox(request: HttpRequest) -> HttpResponse:
    """An agency's administrators and handlers: complaints forwarded to their agencies,
    including those assigned to units below them."""
    units = access.handled_units(request.user)
    if units is None:
        raise Http404
    return _inbox_page(
        request,
        Complaint.objects.for_agency_staff(request.user),
        title=_("Complaints for my agency"),
        units=units,
    )


# Staff: one complaint


def _identity(request: HttpRequest, complaint: Complaint) -> dict[str, str] | None:
    """The reporter's identity if this person may see it, logging that they did."""
    if not access.can_see_identity(request.user, complaint):
        return None
    log_access(
        actor=request.user,
        obj=complaint,
        kind=AccessKind.VIEW_IDENTITY,
        agency=complaint.agency,
        reason="complaint detail page",
    )
    return {
        "name": complaint.reporter_name,
        "email": complaint.reporter_email,
        "phone": complaint.reporter_phone,
    }


def _staff_page(
    request: HttpRequest,
    complaint: Complaint,
    bound: dict[str, StaffForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    forms_by_action = {
        action: (bound or {}).get(action)
        or STAFF_ACTIONS[action][0](complaint=complaint, auto_id=f"{action}-%s")
        for action in access.allowed_actions(user, complaint)
    }
    events = complaint.events.select_related("actor", "agency").prefetch_related("attachments")
    is_verifier = access.is_verifier(user)
    context = {
        "complaint": complaint,
        "identity": _identity(request, complaint),
        "events": events,
        "attachments": complaint.attachments.all(),
        "forms": forms_by_action,
        "can_read_identity_log": access.can_read_identity_log(user),
        "is_verifier": is_verifier,
        "similar": similar_complaints(complaint) if is_verifier else [],
        "close_reason_duplicate": CloseReason.DUPLICATE.value,
        "fee_context": fee_context.describe(
            service_code=complaint.service_code,
            office_code=complaint.office_code,
            official_fee_idr=complaint.official_fee_idr,
            asked_fee_idr=complaint.asked_fee_idr,
        ),
    }
    return render(request, "complaints/staff_detail.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything staff need on one complaint, with the actions their role allows now."""
    complaint = access.get_complaint_for_user(request.user, pk)
    return _staff_page(request, complaint)


Perform = Callable[[Any, Complaint, dict[str, Any]], ComplaintEvent]
STAFF_ACTIONS: dict[str, tuple[type[StaffForm], Perform, Promise]] = {
    "verify": (
        OptionalMessageForm,
        lambda u, c, d: actions.verify_complaint(actor=u, complaint=c, message=d["message"]),
        gettext_lazy("The complaint is verified."),
    ),
    "return_for_information": (
        QuestionForm,
        lambda u, c, d: actions.return_for_information(
            actor=u, complaint=c, question=d["question"], days=d["days"]
        ),
        gettext_lazy("The question has been sent to the reporter."),
    ),
    "close": (
        CloseForm,
        lambda u, c, d: actions.close_complaint(
            actor=u, complaint=c, reason=d["reason"], message=d["message"]
        ),
        gettext_lazy("The complaint is closed."),
    ),
    "forward": (
        ForwardForm,
        lambda u, c, d: actions.forward_complaint(
            actor=u, complaint=c, agency=d["agency"], message=d["message"]
        ),
        gettext_lazy("The complaint has been forwarded."),
    ),
    "assign_unit": (
        AssignUnitForm,
        lambda u, c, d: actions.assign_unit(
            actor=u, complaint=c, unit=d["unit"], message=d["message"]
        ),
        gettext_lazy("The complaint has been assigned."),
    ),
    "start_progress": (
        OptionalMessageForm,
        lambda u, c, d: actions.start_progress(actor=u, complaint=c, message=d["message"]),
        gettext_lazy("The complaint is in progress."),
    ),
    "resolve": (
        ResolveForm,
        lambda u, c, d: actions.resolve_complaint(actor=u, complaint=c, reply=d["reply"]),
        gettext_lazy("The complaint is resolved."),
    ),
    "reject_authority": (
        RejectAuthorityForm,
        lambda u, c, d: actions.reject_authority(actor=u, complaint=c, reason=d["reason"]),
        gettext_lazy("The complaint has been returned to the verifiers."),
    ),
    "reply": (
        ReplyForm,
        lambda u, c, d: actions.reply_to_reporter(
            actor=u, complaint=c, message=d["message"], files=d["evidence"]
        ),
        gettext_lazy("Your reply has been sent."),
    ),
    "add_note": (
        NoteForm,
        lambda u, c, d: actions.add_note(actor=u, complaint=c, message=d["message"]),
        gettext_lazy("The note has been added."),
    ),
}


@login_required
@require_POST
def staff_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One staff action on a complaint (which one is fixed by the address)."""
    complaint = access.get_complaint_for_user(request.user, pk)
    if action == "forward" and "search" in request.POST:
        # "Find an agency" writes nothing: the page comes back with the matches and with
        # what the verifier typed (a GET would put the CSRF token in the address).
        searched = ForwardForm.for_search(request.POST, complaint=complaint, auto_id="forward-%s")
        return _staff_page(request, complaint, bound={action: searched})
    form_class, perform, done = STAFF_ACTIONS[action]
    form = form_class(request.POST, request.FILES, complaint=complaint, auto_id=f"{action}-%s")
    if not form.is_valid():
        return _staff_page(request, complaint, bound={action: form}, status=400)
    try:
        perform(request.user, complaint, form.cleaned_data)
    except ComplaintError as exc:
        messages.error(request, exc.message)
        return redirect(complaint.staff_url())
    messages.success(request, str(done))
    if not access.can_view(request.user, pk):
        return redirect("complaints:agency_inbox")
    return redirect(complaint.staff_url())


@login_required
@require_http_methods(["GET"])
def staff_attachment(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponseBase:
    """An evidence file for staff who may see the complaint; each download is logged."""
    complaint = access.get_complaint_for_user(request.user, pk)
    attachment = access.get_staff_attachment(complaint, attachment_id)
    log_access(
        actor=request.user,
        obj=attachment,
        kind=AccessKind.DOWNLOAD,
        agency=complaint.agency,
        reason=f"complaint #{complaint.pk}",
    )
    return _file_response(attachment)


@login_required
@require_http_methods(["GET"])
def identity_log(request: HttpRequest, pk: int) -> HttpResponse:
    """Who has seen this complaint's reporter identity, for KPK officers."""
    complaint = access.get_complaint_for_user(request.user, pk)
    if not access.can_read_identity_log(request.user):
        raise Http404
    return render(
        request,
        "complaints/identity_log.html",
        {"complaint": complaint, "entries": access.identity_views(complaint)},
    )

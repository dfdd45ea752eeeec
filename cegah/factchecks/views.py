"""Cek Fakta pages: the public submission, check, archive and articles, and the
fact-checkers' queue."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cegah.audit.actions import log_access
from cegah.audit.models import AccessKind
from cegah.core.caching import anonymous_page_cache
from cegah.core.errors import rate_limited, too_many_context
from cegah.factchecks import access, actions, ratelimit
from cegah.factchecks.apps import PAGE_CACHE_NAMESPACE
from cegah.factchecks.claimreview import absolute, claim_review, json_ld
from cegah.factchecks.forms import (
    ArchiveFilterForm,
    AssignForm,
    CheckForm,
    NoteForm,
    OutOfScopeForm,
    QueueFilterForm,
    ReasonForm,
    ReturnForm,
    ReviewPolicyForm,
    SubmitForm,
    VerdictForm,
)
from cegah.factchecks.matching import Match, check_message, image_fingerprint
from cegah.factchecks.models import (
    MAX_TEXT,
    Claim,
    FactcheckError,
    ReviewPolicy,
    Status,
    Submission,
)

PAGE_SIZE = 20
RECEIPT_KEY = "factcheck_receipt"
# Marks the check page's POST that only fills in the submission form.
PREFILL_FIELD = "prefill"


def _form_key(token: str) -> str:
    return "factcheck:" + hashlib.sha256(token.encode()).hexdigest()


# Public: submission and receipt


def _submit_page(
    request: HttpRequest, form: SubmitForm, status: int = 200, **extra: Any
) -> HttpResponse:
    # Browsers never send a file again with a re-shown form; say so when one was chosen.
    context = {"form": form, "file_dropped": bool(request.FILES), **extra}
    return render(request, "factchecks/submit.html", context, status=status)


def _rate_limited(request: HttpRequest, form: SubmitForm, retry_after: int) -> HttpResponse:
    """The form again with what was typed, how long to wait, and `Retry-After`."""
    page = _submit_page(request, form, status=429, **too_many_context(retry_after))
    return rate_limited(page, retry_after)


@never_cache
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest) -> HttpResponse:
    """Send a suspicious message, link or image; no account needed.

    The check page hands its message over with a POST carrying `prefill` (a chain message
    is thousands of characters: in an address it would be refused with 414). That POST only
    shows the form filled in; nothing is sent until the visitor presses the button here.
    `?q=` on a GET still fills it, for links made before."""
    prefill = request.POST.get(PREFILL_FIELD) if request.method == "POST" else None
    if request.method != "POST" or prefill is not None:
        initial: dict[str, Any] = {"form_token": secrets.token_urlsafe(24)}
        if request.user.is_authenticated:
            initial["contact_email"] = request.user.email
        text = request.POST.get("text", "") if prefill is not None else request.GET.get("q", "")
        if text:
            initial["text"] = text[:MAX_TEXT]
        return _submit_page(request, SubmitForm(initial=initial))
    form = SubmitForm(request.POST, request.FILES)
    if not ratelimit.allow_submission(request):
        form.is_valid()
        form.add_error(
            None, _("Too many messages were sent from your connection. Try again in an hour.")
        )
        return _rate_limited(request, form, ratelimit.submission_retry_after(request))
    if not form.is_valid():
        return _submit_page(request, form, status=400)
    data = form.cleaned_data
    try:
        submission, _created = actions.submit_message(
            text=data["text"],
            link=data["link"],
            image=data["image"],
            contact_email=data["contact_email"],
            language=get_language() or "id",
            idempotency_key=_form_key(data["form_token"]),
        )
    except FactcheckError as exc:
        form.add_error(None, exc.message)
        return _submit_page(request, form, status=400)
    request.session[RECEIPT_KEY] = submission.pk
    return redirect("factchecks:receipt")


@never_cache
@require_GET
def receipt(request: HttpRequest) -> HttpResponse:
    """Thanks, and the verdict straight away when the same message was already checked."""
    pk = request.session.get(RECEIPT_KEY)
    submission = Submission.objects.select_related("claim").filter(pk=pk).first() if pk else None
    if submission is None:
        return redirect("factchecks:submit")
    context = {
        "submission": submission,
        "claim": submission.claim,
        "joined": submission.similarity is not None,
    }
    return render(request, "factchecks/receipt.html", context)


# Public: check a message, the archive and the articles


@require_http_methods(["GET", "POST"])
def check(request: HttpRequest) -> HttpResponse:
    """Paste a message or a link, or attach an image, and see the published verdicts on the
    same claim. Nothing is stored: the image is only hashed."""
    if request.method == "POST":
        form = CheckForm(request.POST, request.FILES)
        if request.FILES and not ratelimit.allow_image_check(request):
            form = CheckForm(request.POST)  # keep the text, do not decode the image
            form.is_valid()
            form.add_error(
                None, _("Too many images were checked from your connection. Try again in an hour.")
            )
            retry_after = ratelimit.image_check_retry_after(request)
            page = _check_page(request, form, None, status=429, **too_many_context(retry_after))
            return rate_limited(page, retry_after)
    else:
        form = CheckForm(request.GET or None)
    if not form.is_bound:
        return _check_page(request, form, None)
    if not form.is_valid():
        return _check_page(request, form, None, status=400)
    image = form.cleaned_data["image"]
    matches = check_message(
        form.cleaned_data["q"], image_hash=image_fingerprint(image.data) if image else ""
    )
    return _check_page(request, form, matches)


def _check_page(
    request: HttpRequest,
    form: CheckForm,
    matches: list[Match] | None,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    # A re-shown form never carries the file again; say so when one was chosen.
    context = {
        "form": form,
        "matches": matches,
        "file_dropped": bool(request.FILES) and status != 200,
        "prefill_field": PREFILL_FIELD,
        **extra,
    }
    return render(request, "factchecks/check.html", context, status=status)


@require_GET
@anonymous_page_cache(depends_on=[PAGE_CACHE_NAMESPACE], params=["verdict", "page"])
def archive(request: HttpRequest) -> HttpResponse:
    """Every published fact-check, newest first, filtered by verdict."""
    form = ArchiveFilterForm(request.GET or None)
    qs = Claim.objects.published().select_related("agency")
    verdict = form.cleaned_data.get("verdict") if form.is_bound and form.is_valid() else ""
    if verdict:
        qs = qs.filter(verdict=verdict)
    page = Paginator(qs.order_by("-published_at", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request, "factchecks/archive.html", {"form": form, "page": page, "verdict": verdict}
    )


def appearances(claim: Claim) -> list[str]:
    """Where the claim was seen: the distinct links people sent with it."""
    links = [claim.appearance_url] if claim.appearance_url else []
    for link in claim.submissions.exclude(link="").values_list("link", flat=True)[:20]:
        if link not in links:
            links.append(link)
    return [link for link in links if link.startswith(("http://", "https://"))][:5]


@require_GET
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One published fact-check: the verdict first, then the explanation and sources."""
    claim = access.get_published(slug)
    context = {
        "claim": claim,
        "absolute_url": absolute(claim.public_url()),
        "json_ld": json_ld(claim_review(claim, appearances(claim))),
    }
    return render(request, "factchecks/detail.html", context)


# Fact-checkers


@never_cache
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    """The fact-checkers' queue: open claims by default, with filters and counts."""
    qs = access.queue_for(request.user)
    checkers = access.fact_checkers()
    form = QueueFilterForm(request.GET or None, checkers=checkers, user_pk=request.user.pk)
    claims = form.apply(qs.select_related("assignee"))
    page = Paginator(claims, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    counts: dict[str, int] = {
        "new": qs.filter(status=Status.NEW).count(),
        "checking": qs.filter(status=Status.CHECKING).count(),
        "review": qs.awaiting_second_review().count(),
    }
    return render(
        request,
        "factchecks/queue.html",
        {"form": form, "page": page, "query": query.urlencode(), "counts": counts},
    )


def _staff_page(
    request: HttpRequest, claim: Claim, status: int = 200, **bound: Form
) -> HttpResponse:
    checkers = access.fact_checkers()
    submissions = list(claim.submissions.all())
    if any(s.contact_email for s in submissions):
        log_access(
            actor=request.user,
            obj=claim,
            kind=AccessKind.VIEW_IDENTITY,
            reason="fact-check submitters' contact addresses",
        )
    forms: dict[str, Form] = {
        "assign_form": AssignForm(
            initial={"assignee": str(claim.assignee_id or "")}, checkers=checkers
        ),
        "note_form": NoteForm(),
        "reason_form": ReasonForm(),
        "return_form": ReturnForm(),
        "scope_form": OutOfScopeForm(),
        "verdict_form": VerdictForm(
            initial={
                "claim_text": claim.claim_text,
                "verdict": claim.verdict,
                "headline": claim.headline,
                "explanation": claim.explanation,
                "sources": claim.sources,
                "variants": claim.variants,
            }
        ),
    }
    forms.update(bound)
    agency = access.fact_checker_agency(request.user)
    context = {
        "claim": claim,
        "submissions": submissions,
        "events": claim.events.select_related("actor"),
        "second_review": actions.second_review_required(agency),
        "may_review": claim.awaits_second_review
        and claim.review_requested_by_id != request.user.pk
        and claim.review_requested_by is not None
        and access.fact_checker_agency(claim.review_requested_by) == agency,
        **forms,
    }
    return render(request, "factchecks/staff_detail.html", context, status=status)


@never_cache
@require_GET
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A claim with its submissions (contacts included, each view logged) and the steps."""
    return _staff_page(request, access.get_claim_for_user(request.user, pk))


@never_cache
@require_POST
def staff_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One step on a claim; a refused step or a bad form comes back with what was typed."""
    claim = access.get_claim_for_user(request.user, pk)
    user = request.user
    form: Form | None = None
    form_name = ""
    try:
        if action == "assign":
            form = AssignForm(request.POST, checkers=access.fact_checkers())
            form_name = "assign_form"
            if form.is_valid():
                actions.assign_claim(
                    actor=user, claim=claim, assignee=form.cleaned_data["assignee"]
                )
                messages.success(request, _("The assignment has been saved."))
        elif action == "start":
            actions.start_checking(actor=user, claim=claim)
            messages.success(request, _("You are checking this claim."))
        elif action == "out_of_scope":
            form = OutOfScopeForm(request.POST)
            form_name = "scope_form"
            if form.is_valid():
                actions.mark_out_of_scope(
                    actor=user, claim=claim, reason=form.cleaned_data["reason"]
                )
                messages.success(request, _("The claim has been set aside as out of scope."))
        elif action == "unpublish":
            form = ReasonForm(request.POST)
            form_name = "reason_form"
            if form.is_valid():
                actions.unpublish_verdict(
                    actor=user, claim=claim, reason=form.cleaned_data["reason"]
                )
                messages.success(request, _("The verdict has been withdrawn."))
        elif action == "reopen":
            actions.reopen_claim(actor=user, claim=claim)
            messages.success(request, _("The claim is back in the queue."))
        elif action == "note":
            form = NoteForm(request.POST)
            form_name = "note_form"
            if form.is_valid():
                actions.add_note(actor=user, claim=claim, message=form.cleaned_data["message"])
                messages.success(request, _("The note has been added."))
        elif action in ("verdict", "publish", "request_review"):
            form = VerdictForm(request.POST)
            form_name = "verdict_form"
            if form.is_valid():
                claim = actions.save_verdict(actor=user, claim=claim, **form.cleaned_data)
                if action == "publish":
                    claim = actions.publish_verdict(actor=user, claim=claim)
                    messages.success(request, _("The verdict has been published."))
                elif action == "request_review":
                    claim = actions.request_second_review(actor=user, claim=claim)
                    messages.success(
                        request, _("The verdict is waiting for a second fact-checker.")
                    )
                else:
                    messages.success(request, _("The verdict draft has been saved."))
        elif action == "approve":
            claim = actions.publish_verdict(actor=user, claim=claim)
            messages.success(request, _("You approved the verdict and it has been published."))
        elif action == "return":
            form = ReturnForm(request.POST)
            form_name = "return_form"
            if form.is_valid():
                actions.return_for_changes(
                    actor=user, claim=claim, reason=form.cleaned_data["reason"]
                )
                messages.success(request, _("The verdict has been returned to be changed."))
        else:  # pragma: no cover - the URLconf only routes the actions above
            raise ValueError(action)
    except FactcheckError as exc:
        if form is not None:
            form.add_error(None, exc.message)
            return _staff_page(request, _reload(request, pk), 409, **{form_name: form})
        messages.error(request, exc.message)
        return redirect(claim.staff_url())
    if form is not None and form.errors:
        return _staff_page(request, _reload(request, pk), 400, **{form_name: form})
    return redirect(claim.staff_url())


def _reload(request: HttpRequest, pk: int) -> Claim:
    return access.get_claim_for_user(request.user, pk)


@never_cache
@require_GET
def submission_image(request: HttpRequest, pk: int, submission_pk: int) -> FileResponse:
    """A submitted image, for fact-checkers only."""
    submission = access.get_submission_for_user(request.user, pk, submission_pk)
    if not submission.image:
        raise Http404
    response = FileResponse(submission.image.open("rb"), content_type=submission.image_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    return response


# Agency administrators


@never_cache
@require_http_methods(["GET", "POST"])
def review_policy(request: HttpRequest) -> HttpResponse:
    """An agency administrator asks (or stops asking) a second fact-checker to approve each
    verdict the agency publishes; the history of the setting is shown below."""
    agencies = access.policy_agencies(request.user)
    bound: ReviewPolicyForm | None = None
    status = 200
    if request.method == "POST":
        bound = ReviewPolicyForm(request.POST)
        if bound.is_valid():
            agency = access.get_policy_agency(request.user, bound.cleaned_data["agency"])
            try:
                actions.set_review_policy(
                    actor=request.user,
                    agency=agency,
                    required=bound.cleaned_data["required"],
                    reason=bound.cleaned_data["reason"],
                )
            except FactcheckError as exc:
                bound.add_error(None, exc.message)
                status = 409
            else:
                messages.success(request, _("The review setting has been saved."))
                return redirect("factchecks:review_policy")
        else:
            status = 400
    rows = []
    for agency in agencies:
        history = list(ReviewPolicy.objects.filter(agency=agency).select_related("set_by")[:20])
        current = history[0] if history else None
        form = (
            bound
            if bound is not None and bound.data.get("agency") == str(agency.pk)
            else ReviewPolicyForm(
                initial={
                    "agency": agency.pk,
                    "required": bool(current and current.second_review_required),
                }
            )
        )
        rows.append({"agency": agency, "current": current, "history": history, "form": form})
    return render(request, "factchecks/review_policy.html", {"rows": rows}, status=status)

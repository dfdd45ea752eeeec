"""Forum pages: the list with filters and search, a thread with its official answer pinned,
asking and replying, support, follow, flags, the moderation queue and a member's settings.
Every form works without JavaScript; htmx only swaps the support and follow buttons."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cegah.audit.actions import log_access
from cegah.forum import access, actions, search
from cegah.forum.forms import (
    DisplayNameForm,
    FilterForm,
    FlagForm,
    ModerationForm,
    ReplyForm,
    ThreadForm,
)
from cegah.forum.models import Follow, PostStatus, Support, Thread, Topic
from cegah.lib.pagination import CappedPaginator
from cegah.messaging.telegram import start_link

if TYPE_CHECKING:
    from cegah.accounts.models import User

PAGE_SIZE = 20
LIST_CAP = 1000


def _me(request: HttpRequest) -> User:
    """The signed-in person (views behind `login_required`)."""
    return cast("User", request.user)


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _filters(form: FilterForm) -> search.Filters:
    data = form.cleaned_data if form.is_valid() else {}
    status = data.get("status") or ""
    return search.Filters(
        q=(data.get("q") or "").strip(),
        topic=data.get("topik") or "",
        region=(data.get("wilayah") or "").strip(),
        agency=(data.get("instansi") or "").strip(),
        answered={"dijawab": True, "belum": False}.get(status),
    )


@require_GET
def thread_list(request: HttpRequest) -> HttpResponse:
    """Public questions, most recently active first, with filters and search."""
    form = FilterForm(request.GET)
    filters = _filters(form)
    paginator = CappedPaginator(search.threads(filters), PAGE_SIZE, cap=LIST_CAP)
    page = paginator.get_page(request.GET.get("page"))
    template = "forum/partials/_results.html" if _is_htmx(request) else "forum/list.html"
    return render(
        request,
        template,
        {"form": form, "page": page, "filters": filters, "capped": paginator.capped},
    )


def _may_post_reason(request: HttpRequest) -> str:
    if not request.user.is_authenticated:
        return ""
    try:
        actions.check_may_post(_me(request))
    except actions.PostingRefused as exc:
        return exc.message
    return ""


@never_cache
@require_http_methods(["GET", "POST"])
def new_thread(request: HttpRequest) -> HttpResponse:
    """Ask a question. Anyone may read the form (the assistant's hand-off prefills it with
    `?pertanyaan=`); posting needs a signed-in, verified person who gives consent."""
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        form = ThreadForm(request.POST)
        if form.region_refresh_requested:
            # Only the next level's choices were asked for: no error messages yet.
            form.errors.clear()
            return _new_page(request, form)
        if form.is_valid():
            data = form.cleaned_data
            try:
                thread, post = actions.create_thread(
                    actor=_me(request),
                    title=data["title"],
                    body=data["body"],
                    topic=data["topic"],
                    region=data.get("region"),
                    agency=data.get("agency"),
                    form_token=data["form_token"],
                )
            except actions.PostingRefused as exc:
                form.add_error(None, exc.message)
                return _new_page(request, form, status=429 if exc.code == "rate_limited" else 403)
            if post.status == PostStatus.HELD:
                messages.info(
                    request,
                    _(
                        "Your question waits for a moderator's review because it contains "
                        "%(what)s. You will get an email when it is decided."
                    )
                    % {"what": post.held_reason_text},
                )
            else:
                messages.success(request, _("Your question has been published."))
            return redirect(thread.get_absolute_url())
        return _new_page(request, form, status=422)
    question = request.GET.get("pertanyaan", "").strip()
    initial: dict[str, Any] = {}
    if question:
        # One line for the title, the whole question as the details.
        initial["title"] = question.splitlines()[0][:160]
        initial["body"] = question
    topic = request.GET.get("topik", "")
    if topic in Topic.values:
        initial["topic"] = topic
    region = request.GET.get("wilayah", "").strip()
    if region:
        parts = region.split(".")
        initial["province"] = parts[0]
        if len(parts) > 1:
            initial["regency"] = ".".join(parts[:2])
    agency = request.GET.get("instansi", "").strip()
    if agency:
        initial["agency"] = agency
    return _new_page(request, ThreadForm(initial=initial))


def _new_page(request: HttpRequest, form: ThreadForm, status: int = 200) -> HttpResponse:
    context = {
        "form": form,
        "refused": _may_post_reason(request),
        "login_url": f"{reverse('account_login')}?next={request.get_full_path()}",
    }
    return render(request, "forum/new.html", context, status=status)


def _thread_context(request: HttpRequest, thread: Thread, **extra: Any) -> dict[str, Any]:
    posts = list(access.visible_posts(request.user, thread))
    opening = next((p for p in posts if p.is_opening), None)
    official = [p for p in posts if p.is_official and p.status == PostStatus.PUBLISHED]
    replies = [p for p in posts if not p.is_opening and p not in official]
    user = request.user
    signed_in = user.is_authenticated
    context: dict[str, Any] = {
        "thread": thread,
        "opening": opening,
        "official": official,
        "replies": replies,
        "official_agency": access.official_agency_for(user, thread) if signed_in else None,
        "moderator": signed_in and access.may_moderate_thread(user, thread),
        "supported": signed_in and Support.objects.filter(thread=thread, user=user.pk).exists(),
        "following": signed_in and Follow.objects.filter(thread=thread, user=user.pk).exists(),
        "refused": _may_post_reason(request),
        "login_url": f"{reverse('account_login')}?next={thread.get_absolute_url()}",
    }
    context.setdefault("reply_form", ReplyForm())
    context.update(extra)
    return context


@require_GET
def thread_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A question, its official answer pinned under it, then the replies."""
    thread = access.get_thread(request.user, pk)
    return render(request, "forum/thread.html", _thread_context(request, thread))


@login_required
@require_POST
def reply_view(request: HttpRequest, pk: int) -> HttpResponse:
    thread = access.get_thread(request.user, pk)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            post = actions.reply(
                actor=_me(request),
                thread=thread,
                body=form.cleaned_data["body"],
                official=form.cleaned_data["official"],
                form_token=form.cleaned_data["form_token"],
            )
        except PermissionDenied as exc:
            form.add_error("official", str(exc))
        except actions.PostingRefused as exc:
            form.add_error(None, exc.message)
        else:
            if post.status == PostStatus.HELD:
                messages.info(
                    request,
                    _("Your reply waits for a moderator's review because it contains %(what)s.")
                    % {"what": post.held_reason_text},
                )
            elif post.is_official:
                messages.success(request, _("Your official answer has been published."))
            else:
                messages.success(request, _("Your reply has been published."))
            return redirect(f"{thread.get_absolute_url()}#post-{post.pk}")
    context = _thread_context(request, thread, reply_form=form)
    return render(request, "forum/thread.html", context, status=422)


@login_required
@require_POST
def support_view(request: HttpRequest, pk: int) -> HttpResponse:
    thread = access.get_thread(request.user, pk)
    supported = actions.toggle_support(actor=_me(request), thread=thread)
    if _is_htmx(request):
        thread.refresh_from_db(fields=["support_count"])
        return render(
            request, "forum/partials/_support.html", {"thread": thread, "supported": supported}
        )
    return redirect(thread.get_absolute_url())


@login_required
@require_POST
def follow_view(request: HttpRequest, pk: int) -> HttpResponse:
    thread = access.get_thread(request.user, pk)
    following = actions.toggle_follow(actor=_me(request), thread=thread)
    if _is_htmx(request):
        return render(
            request, "forum/partials/_follow.html", {"thread": thread, "following": following}
        )
    return redirect(thread.get_absolute_url())


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def flag_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Report a post to the moderators, with a reason."""
    post = access.get_post(request.user, pk)
    form = FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.flag_post(
                actor=_me(request),
                post=post,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except actions.AlreadyFlagged:
            messages.info(request, _("You have already reported this post."))
        else:
            messages.success(request, _("Thank you: the moderators will look at this post."))
        return redirect(f"{post.thread.get_absolute_url()}#post-{post.pk}")
    return render(
        request,
        "forum/flag.html",
        {"post": post, "form": form},
        status=422 if form.is_bound else 200,
    )


# Moderation


@never_cache
@login_required
@require_GET
def queue_view(request: HttpRequest) -> HttpResponse:
    """One queue across every space: held posts and posts hidden by flags, oldest first,
    limited to the threads the moderator covers."""
    qs = access.queue(request.user)
    paginator = CappedPaginator(qs, PAGE_SIZE, cap=LIST_CAP)
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "forum/queue.html", {"page": page, "capped": paginator.capped})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def moderate_view(request: HttpRequest, pk: int) -> HttpResponse:
    """One post with its flags and history, and the decision form."""
    post = access.get_moderated_post(request.user, pk)
    form = ModerationForm(request.POST or None, initial={"body": post.body})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        action, reason = data["action"], data["reason"]
        if action == "restore":
            actions.restore_post(actor=_me(request), post=post, reason=reason)
        elif action == "hide":
            actions.hide_post(actor=_me(request), post=post, reason=reason)
        elif action == "edit":
            actions.edit_post(actor=_me(request), post=post, body=data["body"], reason=reason)
        else:
            actions.block_member(actor=_me(request), post=post, reason=reason)
        messages.success(request, _("Your decision has been saved and the author told."))
        return redirect("forum:queue")
    # A held post may hold a phone number or an ID number: reading it is logged.
    log_access(actor=_me(request), obj=post, agency=post.thread.agency, reason="forum moderation")
    context = {
        "post": post,
        "form": form,
        "flags": post.flags.order_by("created_at"),
        "events": post.events.select_related("actor").order_by("created_at"),
    }
    return render(request, "forum/moderate.html", context, status=422 if form.is_bound else 200)


# The member's own settings


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def profile_view(request: HttpRequest) -> HttpResponse:
    """The display name others see, and the Telegram link for official answers."""
    member = actions.member_for(_me(request))
    form = DisplayNameForm(request.POST or None, initial={"display_name": member.display_name})
    if request.method == "POST" and form.is_valid():
        actions.set_display_name(actor=_me(request), display_name=form.cleaned_data["display_name"])
        messages.success(request, _("Your display name has been saved."))
        return redirect("forum:profile")
    telegram_link = ""
    if settings.TELEGRAM_BOT_USERNAME:
        code = actions.telegram_code(actor=_me(request))
        telegram_link = start_link(settings.TELEGRAM_BOT_USERNAME, f"forum{code}")
    context = {"form": form, "member": member, "telegram_link": telegram_link}
    return render(request, "forum/profile.html", context, status=422 if form.is_bound else 200)

"""Public knowledge pages (the citation targets of the assistant) and the editors' page."""

from __future__ import annotations

from dataclasses import replace
from itertools import groupby

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from cegah.assistant import access, actions, engine, ratelimit, slots
from cegah.assistant.forms import AskForm
from cegah.assistant.models import KnowledgeEntry, Topic, UnansweredQuestion
from cegah.core.errors import rate_limited, too_many_context

PAGE_SIZE = 50


def _language() -> str:
    return "en" if (get_language() or "id").startswith("en") else "id"


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """`/pengetahuan/`: every live entry by topic, and a question box that answers here."""
    language = _language()
    entries = KnowledgeEntry.objects.answering().only("slug", "topic", "title_id", "title_en")
    order = {value: i for i, value in enumerate(Topic.values)}
    ordered = sorted(entries, key=lambda e: (order.get(e.topic, 99), e.title.lower()))
    topics = [
        (Topic(topic).label, list(items))
        for topic, items in groupby(ordered, key=lambda e: e.topic)
    ]
    form = AskForm(request.GET or None)
    context = {"topics": topics, "form": form, "found": None}
    if form.is_bound and form.is_valid():
        if not ratelimit.allow(request):
            wait = ratelimit.retry_after(request)
            context.update(too_many_context(wait))
            page = render(request, "assistant/index.html", context, status=429)
            return rate_limited(page, wait)
        context["found"] = _on_this_site(engine.answer(form.cleaned_data["q"], language))
    return render(request, "assistant/index.html", context)


def _on_this_site(found: engine.Answer) -> engine.Answer:
    """The answer with the platform's own links as paths (the API and chats get them whole),
    so they work on whatever address this page was reached."""

    def local(url: str) -> str:
        return url.removeprefix(settings.SITE_URL) or "/"

    return replace(
        found,
        citations=[engine.Citation(c.title, local(c.url)) for c in found.citations],
        actions=[engine.Action(a.kind, a.label, local(a.url)) for a in found.actions],
    )


@require_GET
def entry(request: HttpRequest, slug: str) -> HttpResponse:
    """`/pengetahuan/<slug>/`: one live entry, its answer with today's figures, its sources."""
    item = get_object_or_404(KnowledgeEntry.objects.answering(), slug=slug)
    language = _language()
    answer = slots.fill(item.answer_text(language), language)
    return render(
        request,
        "assistant/entry.html",
        {
            "entry": item,
            "answer": answer,
            "citations": item.citation_list(),
            "questions": item.question_list(language)[:5],
        },
    )


@never_cache
@login_required
@require_GET
def staff(request: HttpRequest) -> HttpResponse:
    """KPK editors: entries due for review and the questions nobody could answer."""
    access.require_knowledge_editor(request.user)
    today = timezone.localdate()
    expired = KnowledgeEntry.objects.expired(today).order_by("expires_on", "slug")
    unanswered = UnansweredQuestion.objects.filter(dismissed=False).order_by("-count", "-last_seen")
    page = Paginator(unanswered, PAGE_SIZE).get_page(request.GET.get("halaman"))
    return render(
        request,
        "assistant/staff.html",
        {"expired": expired, "page": page, "drafts": KnowledgeEntry.objects.filter(live=False)},
    )


@login_required
@require_POST
def dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one unanswered question as handled."""
    access.require_knowledge_editor(request.user)
    if not actions.dismiss_unanswered(actor=request.user, pk=pk):  # type: ignore[arg-type]
        raise Http404
    messages.success(request, _("Marked as handled."))
    return redirect("assistant:staff")

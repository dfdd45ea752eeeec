"""Tanya Cegah on the web (`/tanya/`) and the WhatsApp webhook (`/hooks/whatsapp`).

The page is a plain form: asking posts it, the answer appears in the conversation shown on
the page (post, redirect, get, so reloading asks nothing twice). With JavaScript, htmx posts
the same form and swaps in the conversation without reloading the page.
"""

from __future__ import annotations

import json
import logging
import secrets

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from cegah.chat import actions, whatsapp
from cegah.chat.dialogue import menu_options
from cegah.chat.forms import AskForm
from cegah.chat.media import UploadedPhoto
from cegah.chat.models import ChannelKind, Conversation, Direction
from cegah.core.errors import rate_limited
from cegah.lib.clientip import client_ip

logger = logging.getLogger(__name__)

SESSION_KEY = "chat_sender"


def _context(request: HttpRequest, form: AskForm | None = None) -> dict[str, object]:
    sender = request.session.get(SESSION_KEY)
    conversation = (
        Conversation.objects.filter(channel=ChannelKind.WEB, sender=sender).first()
        if sender
        else None
    )
    messages = list(conversation.messages.all()) if conversation else []
    last = next((m for m in reversed(messages) if m.direction == Direction.OUT), None)
    wants_photo = bool(conversation and conversation.step == "photo")
    options = (
        last.options if last else [{"value": o.value, "label": o.label} for o in menu_options()]
    )
    return {
        "form": form or AskForm(initial={"token": secrets.token_urlsafe(16)}),
        "chat_messages": messages,
        "options": options,
        "retention_days": settings.CHAT_RETENTION_DAYS,
        "wants_photo": wants_photo,
        "tool": conversation.tool if conversation else "",
    }


def _label_of(request: HttpRequest, choice: str) -> str:
    """The label of the button pressed (from the last reply's options), for the page."""
    if not choice:
        return ""
    options = _context(request)["options"]
    assert isinstance(options, list)
    return next((str(o["label"]) for o in options if o.get("value") == choice), "")


def _page(request: HttpRequest, form: AskForm | None = None, status: int = 200) -> HttpResponse:
    template = "chat/partials/_chat.html" if request.htmx else "chat/ask.html"  # type: ignore[attr-defined]
    return render(request, template, _context(request, form), status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def ask(request: HttpRequest) -> HttpResponse:
    """Ask a question, or answer the running tool's question."""
    if request.method != "POST":
        return _page(request)
    if request.POST.get("clear"):
        sender = request.session.get(SESSION_KEY)
        if sender:
            actions.clear_conversation(channel=ChannelKind.WEB, sender=sender)
        return _page(request) if request.htmx else redirect("chat:ask")  # type: ignore[attr-defined]
    form = AskForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, form, status=400)
    sender = request.session.get(SESSION_KEY)
    if not sender:
        sender = secrets.token_urlsafe(24)
        request.session[SESSION_KEY] = sender
    upload = form.cleaned_data.get("photo")
    photo = (
        UploadedPhoto(upload.name or "photo", upload.read(10 * 1024 * 1024 + 1)) if upload else None
    )
    outcome = actions.handle_message(
        actions.Incoming(
            channel=ChannelKind.WEB,
            sender=sender,
            text=form.cleaned_data["text"],
            message_id="web:" + form.cleaned_data["token"],
            photo=photo,
            language=get_language() or "id",
            address=client_ip(request),
            shown_text=_label_of(request, form.cleaned_data.get("choice") or ""),
        )
    )
    if outcome.limited:
        form.add_error(None, outcome.reply.text if outcome.reply else "")
        return rate_limited(_page(request, form, status=429), 60)
    if request.htmx:  # type: ignore[attr-defined]
        return _page(request)
    return redirect(reverse("chat:ask") + "#latest")


@csrf_exempt
@require_http_methods(["GET", "POST"])
def whatsapp_webhook(request: HttpRequest) -> HttpResponse:
    """GET: Meta's verify handshake (`hub.mode=subscribe`, `hub.verify_token`, echo
    `hub.challenge`). POST: messages, signed with the app secret; each answered once."""
    if request.method == "GET":
        token = settings.WHATSAPP_VERIFY_TOKEN
        given = request.GET.get("hub.verify_token", "")
        if (
            request.GET.get("hub.mode") == "subscribe"
            and token
            and constant_time_compare(given, token)
        ):
            return HttpResponse(request.GET.get("hub.challenge", ""), content_type="text/plain")
        return HttpResponseForbidden()
    body = request.body
    if not whatsapp.signature_ok(
        body, request.headers.get("X-Hub-Signature-256", ""), settings.WHATSAPP_APP_SECRET
    ):
        logger.warning("WhatsApp webhook: a request with a wrong signature was refused")
        return HttpResponseForbidden()
    try:
        payload = json.loads(body)
    except ValueError:
        return HttpResponse()
    for incoming in whatsapp.messages_in(payload):
        actions.handle_message(incoming)
    return HttpResponse()

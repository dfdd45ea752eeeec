"""The Telegram bot's webhook: Telegram POSTs each update here (`setWebhook`, see the
`telegram_set_webhook` command) with the secret in `X-Telegram-Bot-Api-Secret-Token`."""

from __future__ import annotations

import json
import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.utils.crypto import constant_time_compare
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from cegah.messaging import telegram
from cegah.messaging.models import Channel
from cegah.messaging.tasks import send_message

logger = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def telegram_webhook(request: HttpRequest) -> HttpResponse:
    """Handle one update: a `/start <payload>` goes to the app that owns the payload, and the
    reply is queued; any other update goes to the registered message handler. The answer is
    an empty 200 (Telegram retries other answers)."""
    secret = settings.TELEGRAM_WEBHOOK_SECRET
    given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
    if not secret or not constant_time_compare(given, secret):
        return HttpResponseForbidden()
    try:
        update = json.loads(request.body)
    except ValueError:
        return HttpResponse()
    if not isinstance(update, dict):
        return HttpResponse()
    answer = telegram.reply_for(update)
    if answer is not None:
        chat_id, text = answer
        send_message.enqueue(
            channel=Channel.TELEGRAM,
            to=chat_id,
            text=text,
            key=f"telegram-start:{update.get('update_id', '')}",
        )
    else:
        telegram.dispatch_message(update)
    return HttpResponse()

"""Everything that changes a conversation. The web page and both webhooks call these.

Logs name the channel, the conversation's number, the tool and whether the assistant handed
off; never the message's text or the sender's chat id or phone number.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cegah.chat import dialogue, ratelimit, words
from cegah.chat.models import (
    KEPT_WEB_MESSAGES,
    ChannelKind,
    Conversation,
    Delivery,
    Direction,
    Message,
    Tool,
)
from cegah.chat.replies import Reply, as_chat_text

logger = logging.getLogger(__name__)


@dataclass
class Incoming:
    """One message to the assistant, as a channel received it."""

    channel: str
    sender: str
    text: str = ""
    # The channel's id of the message (a WhatsApp message id, a Telegram update id, the web
    # form's one-time token): a second delivery with the same id is answered once.
    message_id: str = ""
    photo: dialogue.Photo | None = None
    # The language of the page (web); for chats it is read from each message.
    language: str | None = None
    # The web client's address, counted too (clearing cookies does not escape the limit).
    address: str = ""
    # What the web page shows as the person's message (a pressed button's label).
    shown_text: str = ""


@dataclass
class Outcome:
    """What became of a message: the reply (None when there is none to give)."""

    reply: Reply | None = None
    conversation: Conversation | None = None
    duplicate: bool = False
    limited: bool = False


def _rate_limited(incoming: Incoming, language: str) -> Outcome:
    logger.info("chat %s: a sender is over the message limit", incoming.channel)
    if incoming.channel != ChannelKind.WEB and not ratelimit.allow_notice(
        incoming.channel, incoming.sender
    ):
        return Outcome(limited=True)
    with translation.override(language):
        reply = Reply(
            text=_("You are sending messages too quickly. Please wait a minute and try again.")
        )
    if incoming.channel != ChannelKind.WEB:
        _deliver(incoming, reply, language, key=f"chat-limit:{incoming.message_id}")
    return Outcome(reply=reply, limited=True)


def _deliver(incoming: Incoming, reply: Reply, language: str, *, key: str) -> None:
    from cegah.chat.tasks import send_reply

    send_reply.enqueue(
        channel=incoming.channel,
        to=incoming.sender,
        text=as_chat_text(reply, language),
        key=key[:100],
    )


def handle_message(
    incoming: Incoming,
    *,
    answerer: dialogue.Answerer | None = None,
    today: dt.date | None = None,
) -> Outcome:
    """Answer one message: count it against the sender's limit, answer a repeated delivery
    once, run the conversation's turn, keep its state, and (for chats) queue the reply in
    the same transaction, so a webhook retried after a failure is answered exactly once."""
    language = incoming.language or words.guess_language(incoming.text, "id")
    if not ratelimit.allow_message(incoming.channel, incoming.sender, incoming.address):
        return _rate_limited(incoming, language)
    with transaction.atomic():
        if incoming.message_id:
            try:
                with transaction.atomic():
                    Delivery.objects.create(
                        channel=incoming.channel, message_id=incoming.message_id[:128]
                    )
            except IntegrityError:
                logger.info("chat %s: a repeated delivery was ignored", incoming.channel)
                return Outcome(duplicate=True)
        conversation, _created = Conversation.objects.select_for_update().get_or_create(
            channel=incoming.channel, sender=incoming.sender, defaults={"language": language}
        )
        if incoming.language:
            conversation.language = incoming.language
        else:
            conversation.language = words.guess_language(incoming.text, conversation.language)
        turn = dialogue.Turn(
            text=incoming.text,
            answerer=answerer or dialogue.default_answerer,
            photo=incoming.photo,
            today=today,
            sender_phone=incoming.sender if incoming.channel == ChannelKind.WHATSAPP else "",
            allow_complaint=lambda: ratelimit.allow_complaint(incoming.channel, incoming.sender),
        )
        tool_before = conversation.tool
        reply = dialogue.respond(conversation, turn)
        conversation.last_message_at = timezone.now()
        conversation.save()
        if incoming.channel == ChannelKind.WEB:
            _keep_web_messages(conversation, incoming, reply)
        else:
            _deliver(
                incoming,
                reply,
                conversation.language,
                key=f"chat:{incoming.channel}:{incoming.message_id or conversation.pk}",
            )
    logger.info(
        "chat %s conversation %s: tool %s -> %s, handoff=%s, complaint=%s",
        incoming.channel,
        conversation.pk,
        tool_before or "-",
        conversation.tool or "-",
        reply.handoff,
        bool(reply.tracking_code),
    )
    return Outcome(reply=reply, conversation=conversation)


def _keep_web_messages(conversation: Conversation, incoming: Incoming, reply: Reply) -> None:
    """Keep the exchange for the page, the last `KEPT_WEB_MESSAGES` messages only."""
    shown = incoming.shown_text or incoming.text
    if incoming.photo is not None:
        shown = (shown + " 📷").strip()
    Message.objects.create(conversation=conversation, direction=Direction.IN, text=shown or "…")
    Message.objects.create(conversation=conversation, direction=Direction.OUT, **reply.stored())
    old = Message.objects.filter(conversation=conversation).order_by("-created_at", "-id")
    stale = list(old.values_list("pk", flat=True)[KEPT_WEB_MESSAGES:])
    if stale:
        Message.objects.filter(pk__in=stale).delete()


def clear_conversation(*, channel: str, sender: str) -> int:
    """Forget a sender's conversation now ("Hapus percakapan" on the page)."""
    from cegah.chat import complainttool

    with transaction.atomic():
        conversation = (
            Conversation.objects.select_for_update().filter(channel=channel, sender=sender).first()
        )
        if conversation is None:
            return 0
        if conversation.tool == Tool.COMPLAINT:
            complainttool.discard(conversation)
        conversation.delete()
    return 1


def purge_conversations(*, now: dt.datetime | None = None) -> int:
    """Delete conversations (with their messages and sender identifiers) and the record of
    handled deliveries older than `CHAT_RETENTION_DAYS`. Filed complaints live in
    `cegah.complaints` and are not touched; the photo of a complaint never sent is the
    complaints app's kept upload, which its hourly job deletes after a day. Returns the
    number of conversations deleted."""
    now = now or timezone.now()
    days = settings.CHAT_RETENTION_DAYS
    with transaction.atomic():
        _total, by_model = Conversation.objects.expired(now, days).delete()
        Delivery.objects.filter(created_at__lt=now - dt.timedelta(days=days)).delete()
    removed = by_model.get("chat.Conversation", 0)
    logger.info("chat: %s expired conversations purged", removed)
    return removed

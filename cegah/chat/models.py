"""Conversations with Tanya Cegah on the web, Telegram and WhatsApp.

A conversation belongs to one sender on one channel: a random token kept in the browser's
session (web), a Telegram chat id or a WhatsApp phone number. It holds the state of the tool
that is running (which tool, which question comes next, the answers collected so far). The
web keeps the last messages so the page can show the exchange; the bots keep no message text
at all (the person has it in their app). Everything is deleted `CHAT_RETENTION_DAYS` after the
last message (`actions.purge_conversations`, run daily); a complaint filed by chat lives in
`cegah.complaints` with its own copy of what the person chose to give, so nothing of the
conversation outlives the retention.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The web page shows at most this many messages; older ones are deleted as new ones come.
KEPT_WEB_MESSAGES = 20


class ChannelKind(models.TextChoices):
    WEB = "web", _("Web")
    TELEGRAM = "telegram", _("Telegram")
    WHATSAPP = "whatsapp", _("WhatsApp")


class Tool(models.TextChoices):
    NONE = "", _("Questions")
    GIFT = "gift", _("Gift check")
    FEE = "fee", _("Levy check")
    FACTCHECK = "factcheck", _("Message check")
    COMPLAINT = "complaint", _("Complaint")


class ConversationQuerySet(models.QuerySet["Conversation"]):
    def expired(self, now: dt.datetime, days: int) -> ConversationQuerySet:
        """Conversations whose last message is older than the retention."""
        return self.filter(last_message_at__lt=now - dt.timedelta(days=days))


class Conversation(models.Model):
    """One sender's exchange with the assistant on one channel, and the running tool's state."""

    channel = models.CharField(_("channel"), max_length=10, choices=ChannelKind.choices)
    # The web session's token, the Telegram chat id or the WhatsApp number (E.164 digits).
    sender = models.CharField(_("sender"), max_length=64)
    language = models.CharField(_("language"), max_length=8, default="id")
    tool = models.CharField(_("tool"), max_length=12, choices=Tool.choices, blank=True)
    step = models.CharField(_("step"), max_length=24, blank=True)
    # The tool's answers so far (JSON-safe values only).
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    last_message_at = models.DateTimeField(_("last message"), default=timezone.now, db_index=True)

    objects = ConversationQuerySet.as_manager()

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        constraints = [
            models.UniqueConstraint(fields=["channel", "sender"], name="chat_conversation_sender")
        ]

    def __str__(self) -> str:
        return f"{self.channel} #{self.pk}"

    def reset_tool(self) -> None:
        """Stop the running tool and forget its answers."""
        self.tool = ""
        self.step = ""
        self.answers = {}

    def start_tool(self, tool: str, answers: dict[str, Any] | None = None) -> None:
        self.tool = tool
        self.step = ""
        self.answers = dict(answers or {})


class Direction(models.TextChoices):
    IN = "in", _("From the person")
    OUT = "out", _("From the assistant")


class Message(models.Model):
    """One message of a web conversation, kept so the page can show the exchange so far."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    direction = models.CharField(max_length=3, choices=Direction.choices)
    text = models.TextField()
    # Replies only: [{"title", "url"}], [{"kind", "label", "url"}], [{"value", "label"}].
    citations = models.JSONField(default=list, blank=True)
    links = models.JSONField(default=list, blank=True)
    options = models.JSONField(default=list, blank=True)
    handoff = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        return f"{self.direction} #{self.pk}"


class Delivery(models.Model):
    """A message already handled, by the id its channel gave it: a repeated delivery (a
    webhook retried, a form sent twice) finds its row and is answered once."""

    channel = models.CharField(max_length=10, choices=ChannelKind.choices)
    message_id = models.CharField(max_length=128)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("handled delivery")
        verbose_name_plural = _("handled deliveries")
        constraints = [
            models.UniqueConstraint(fields=["channel", "message_id"], name="chat_delivery_once")
        ]

    def __str__(self) -> str:
        return f"{self.channel}:{self.message_id}"

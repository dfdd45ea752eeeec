"""Django email backend that writes to the outbox table (development and staging)."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend

from cegah.messaging.models import Channel, OutboxMessage

logger = logging.getLogger(__name__)


class OutboxEmailBackend(BaseEmailBackend):
    """Stores every email in `OutboxMessage` (one row per recipient) and logs a line."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        sent = 0
        for message in email_messages:
            body = message.body if isinstance(message.body, str) else str(message.body)
            for recipient in message.recipients():
                OutboxMessage.objects.create(
                    channel=Channel.EMAIL,
                    recipient=recipient,
                    subject=str(message.subject),
                    body=body,
                )
                logger.info("Outbox: email to %s: %s", recipient, message.subject)
            sent += 1
        return sent

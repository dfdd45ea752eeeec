"""Connecting a participant's Telegram chat: the personal page links to the bot with a signed
start payload (`access.telegram_payload`), and messaging's webhook hands the payload here."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from cegah.campaigns import access, actions


def link_chat(rest: str, chat_id: str) -> str | None:
    """Store the chat of the participant the payload names; the bot's reply, or None when
    the payload names nobody (forged, or the campaign is closed)."""
    participant = access.get_participant_by_telegram_payload(rest)
    if participant is None:
        return None
    actions.link_telegram_chat(participant=participant, chat_id=chat_id)
    with translation.override("id"):
        if participant.reminder_channel == "telegram":
            return _("Connected, {name}. Your reminders for “{campaign}” will come here.").format(
                name=participant.name, campaign=participant.campaign.title
            )
        return _("Connected, {name}. This chat is saved for “{campaign}”.").format(
            name=participant.name, campaign=participant.campaign.title
        )

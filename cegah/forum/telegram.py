"""Linking a person's Telegram to the forum: the bot's `/start forum<code>` stores the chat,
and official answers to the questions they follow are sent there too (besides email).
There is no platform-wide per-person Telegram link (campaigns link a chat per participant),
so the forum keeps its own on `Member`."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from cegah.forum import actions

PREFIX = "forum"


def link_chat(rest: str, chat_id: str) -> str | None:
    member = actions.link_telegram(code=rest.strip(), chat_id=chat_id)
    if member is None:
        return None
    with translation.override(member.user.preferred_language or "id"):
        return _(
            "Connected: official answers to the forum questions you follow will also come here."
        )

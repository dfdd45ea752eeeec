"""What the assistant says back: one `Reply`, shown as a page on the web and written out as
plain text for Telegram and WhatsApp (no markup: both show it as typed, links stay tappable)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

# Telegram and WhatsApp refuse text longer than 4,096 characters.
MAX_CHAT_TEXT = 4000


@dataclass(frozen=True)
class Link:
    """A citation (title, url) or an action (kind, label, url)."""

    label: str
    url: str
    kind: str = ""


@dataclass(frozen=True)
class Option:
    """A quick answer: a button on the web, a numbered line (or a command) in a chat."""

    value: str
    label: str

    @property
    def is_command(self) -> bool:
        return self.value.startswith("/")


@dataclass
class Reply:
    """One answer of the assistant."""

    text: str
    citations: list[Link] = field(default_factory=list)
    actions: list[Link] = field(default_factory=list)
    options: list[Option] = field(default_factory=list)
    handoff: bool = False
    # The next message should bring a photo (the web shows a file field).
    wants_photo: bool = False
    tracking_code: str = ""

    def stored(self) -> dict[str, Any]:
        """The reply as a web `Message` keeps it (links to this site as paths)."""
        return {
            "text": self.text,
            "citations": [{"title": c.label, "url": local(c.url)} for c in self.citations],
            "links": [
                {"kind": a.kind, "label": a.label, "url": local(a.url)} for a in self.actions
            ],
            "options": [{"value": o.value, "label": o.label} for o in self.options],
            "handoff": self.handoff,
        }


def local(url: str) -> str:
    """A link to this site as a path, so the page works on any host it is served from."""
    site = settings.SITE_URL
    if site and url.startswith(site + "/"):
        return url[len(site) :]
    return url


def absolute(url: str) -> str:
    """A link a chat app can open: the site's address in front of a path."""
    if url.startswith(("http://", "https://")):
        return url
    return settings.SITE_URL + (url if url.startswith("/") else "/" + url)


def as_chat_text(reply: Reply, language: str) -> str:
    """The reply written out for Telegram or WhatsApp."""
    with translation.override(language):
        parts = [reply.text.strip()]
        if reply.citations:
            lines = [_("Sources:")]
            lines += [f"• {c.label}: {absolute(c.url)}" for c in reply.citations]
            parts.append("\n".join(lines))
        if reply.actions:
            parts.append("\n".join(f"→ {a.label}: {absolute(a.url)}" for a in reply.actions))
        commands = [o for o in reply.options if o.is_command]
        numbered = [o for o in reply.options if not o.is_command]
        if numbered:
            lines = [f"{index}. {o.label}" for index, o in enumerate(numbered, 1)]
            lines.append(_("Reply with the number."))
            parts.append("\n".join(lines))
        if commands:
            parts.append("\n".join(f"{o.value} — {o.label}" for o in commands))
        text = "\n\n".join(p for p in parts if p)
    if len(text) > MAX_CHAT_TEXT:
        text = text[: MAX_CHAT_TEXT - 1] + "…"
    return text

"""Template helpers for the portal's pages: absolute addresses and share links."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django import template
from django.conf import settings

from cegah.portal.sections import section_urls

register = template.Library()


@register.filter
def absolute(path: str | None) -> str:
    """`/berita/x/` → `https://cegah.example/berita/x/` (SITE_URL); full URLs pass through."""
    if not path:
        return ""
    if path.startswith(("http://", "https://")):
        return path
    return f"{settings.SITE_URL}{path}"


@dataclass(frozen=True)
class ShareLink:
    name: str
    href: str


def share_links(url: str, title: str) -> list[ShareLink]:
    """Plain links to each network's share page: they work without JavaScript."""
    text = f"{title} {url}"
    return [
        ShareLink("WhatsApp", "https://wa.me/?" + urlencode({"text": text})),
        ShareLink("Telegram", "https://t.me/share/url?" + urlencode({"url": url, "text": title})),
        ShareLink(
            "Facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})
        ),
        ShareLink("X", "https://x.com/intent/post?" + urlencode({"url": url, "text": title})),
    ]


@register.inclusion_tag("portal/includes/share.html")
def share(url: str, title: str) -> dict[str, object]:
    return {"url": url, "links": share_links(url, title)}


@register.simple_tag
def portal_sections() -> dict[str, str]:
    """The addresses of the news and the prevention window in the active language."""
    return section_urls()

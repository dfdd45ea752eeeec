"""The addresses of the portal's top sections (news, the prevention window) for the header and
the home page, found by page type in the active language.

Every page's header links to them, so they are kept in the cache per language rather than
asked of the page tree on each request; publishing, unpublishing or moving a page clears them.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.utils.translation import get_language
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from cegah.portal.models import NewsIndexPage, PreventionIndexPage, active_locale_id

SECTIONS: dict[str, type[Page]] = {"news": NewsIndexPage, "prevention": PreventionIndexPage}
TIMEOUT = 3600


def _key(language: str) -> str:
    return f"portal:sections:{language}"


def section_urls() -> dict[str, str]:
    """`{"news": "/berita/", "prevention": "/pencegahan/"}` in the active language; a
    section without a live page is left out."""
    key = _key(get_language())
    found: dict[str, str] | None = cache.get(key)
    if found is None:
        try:
            found = _find()
        except DatabaseError:
            # The header still renders (without these two links) when the database is down,
            # as the 500 page must.
            return {}
        cache.set(key, found, TIMEOUT)
    return found


def _find() -> dict[str, str]:
    locale_id = active_locale_id()
    found = {}
    for name, model in SECTIONS.items():
        page = model.objects.live().filter(locale_id=locale_id).first()
        url = page.url if page is not None else None
        if url:
            found[name] = url
    return found


def forget_section_urls(**kwargs: Any) -> None:
    """Drop the cached addresses (a section page was published, unpublished or moved)."""
    cache.delete_many([_key(code) for code, _name in settings.LANGUAGES])


page_published.connect(forget_section_urls, dispatch_uid="portal-sections-published")
page_unpublished.connect(forget_section_urls, dispatch_uid="portal-sections-unpublished")
post_page_move.connect(forget_section_urls, dispatch_uid="portal-sections-moved")

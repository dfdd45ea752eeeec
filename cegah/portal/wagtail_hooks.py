"""Wagtail hooks of the public portal."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from wagtail import hooks
from wagtail.models import Page

from cegah.core.caching import share_page
from cegah.portal.models import NewsIndexPage, PreventionIndexPage
from cegah.portal.signals import PAGES


@hooks.register("before_serve_page")
def share_public_lists(page: Page, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
    """The news list and the prevention window are the same for every anonymous visitor:
    served from the page cache until a page is published, unpublished or moved."""
    if isinstance(page, NewsIndexPage):
        share_page(request, depends_on=[PAGES], params=["halaman", "kategori", "tag"])
    elif isinstance(page, PreventionIndexPage):
        share_page(request, depends_on=[PAGES])

"""Wagtail hooks of the public portal."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.models import Locale, Page

from cegah.core.caching import share_page
from cegah.portal import cms_views
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


@hooks.register("before_create_page")
def write_in_indonesian_first(
    request: HttpRequest, parent: Page, page_class: type[Page]
) -> HttpResponse | None:
    """Content is written in Indonesian and translated with wagtail-localize: a new page
    under a page of another language (the English tree) would be an Indonesian text served
    as English, missing from the Indonesian site. The editor is sent to the same place in
    the Indonesian tree. Platform operators (superusers) are not held back."""
    if request.user.is_superuser or parent.is_root():
        return None
    default = Locale.get_default()
    if parent.locale_id == default.pk:
        return None
    messages.warning(
        request,
        _(
            "New pages are written in Indonesian first. Write it here, then use "
            "“Translate this page” for its English version."
        ),
    )
    source = parent.get_translation_or_none(default)
    if source is not None and source.permissions_for_user(request.user).can_add_subpage():
        meta = page_class._meta
        return redirect("wagtailadmin_pages:add", meta.app_label, meta.model_name, source.pk)
    return redirect("wagtailadmin_explore", source.pk if source is not None else parent.pk)


@hooks.register("register_admin_urls", order=-1)
def guard_translation_views() -> list[URLPattern]:
    """Ahead of wagtail-localize's own views at the same addresses (see `cms_views`)."""
    return [
        path(
            "localize/submit/page/<int:page_id>/",
            cms_views.submit_page_translation,
            name="portal_submit_page_translation",
        ),
        path(
            "localize/update/<int:translation_source_id>/",
            cms_views.update_translations,
            name="portal_update_translations",
        ),
    ]

"""Guards in front of wagtail-localize's admin views.

wagtail-localize lets anyone holding its global "submit translation" permission start or sync
the translation of *any* page by its id; it never asks whether the person may edit that page.
Agency editors hold the permission so they can translate their own articles, so these views
first ask Wagtail whether the person may edit the source page, then hand over unchanged. They
are mounted at the same addresses, ahead of wagtail-localize's own (`wagtail_hooks.py`).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from wagtail.models import Page
from wagtail_localize.models import TranslationSource
from wagtail_localize.views.submit_translations import SubmitPageTranslationView
from wagtail_localize.views.update_translations import UpdateTranslationsView

_submit_page = SubmitPageTranslationView.as_view()
_update = UpdateTranslationsView.as_view()


def _require_edit(request: HttpRequest, page: Page) -> None:
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied


def submit_page_translation(request: HttpRequest, page_id: int) -> HttpResponse:
    """ "Translate this page", for people who may edit the page."""
    _require_edit(request, get_object_or_404(Page, pk=page_id))
    return _submit_page(request, page_id=page_id)


def update_translations(request: HttpRequest, translation_source_id: int) -> HttpResponse:
    """ "Sync translated pages", for people who may edit the source page."""
    source = get_object_or_404(TranslationSource, pk=translation_source_id)
    instance = source.get_source_instance()
    if isinstance(instance, Page):
        _require_edit(request, instance)
    elif not request.user.is_superuser:
        # Snippets: the portal translates none; leave them to the platform's operators.
        raise PermissionDenied
    return _update(request, translation_source_id=translation_source_id)

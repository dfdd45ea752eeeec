"""Reactions to publishing and to role changes."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from wagtail.models import Page

from cegah.accounts.models import Membership, Role
from cegah.search import documents


def page_published(sender: type[Page], instance: Page, **kwargs: Any) -> None:
    """A published page goes into site search; new news refreshes the home page."""
    from cegah.portal.actions import forget_cached_home
    from cegah.portal.models import NewsPage
    from cegah.portal.search import search_document

    doc = search_document(instance)
    if doc is not None:
        documents.index(doc)
    if isinstance(instance, NewsPage):
        transaction.on_commit(forget_cached_home)


def page_unpublished(sender: type[Page], instance: Page, **kwargs: Any) -> None:
    """An unpublished (or deleted) page leaves site search and the home page."""
    from cegah.portal.actions import forget_cached_home
    from cegah.portal.models import NewsPage
    from cegah.portal.search import kind_of

    kind = kind_of(instance.specific)
    if kind is not None:
        documents.unindex(kind, str(instance.translation_key), instance.locale.language_code)
    if isinstance(instance.specific, NewsPage):
        transaction.on_commit(forget_cached_home)


def page_deleted(sender: type[Page], instance: Page, **kwargs: Any) -> None:
    if instance.live:
        page_unpublished(sender, instance)


def membership_changed(sender: type[Membership], instance: Membership, **kwargs: Any) -> None:
    """Editor and moderator roles give (or take away) the matching Wagtail groups.

    Until the portal's page tree exists (`sync_editor_groups` or `seed_demo` builds it and
    syncs everyone), role changes leave Wagtail alone."""
    from cegah.portal.actions import GROUP_PREFIX, sync_editor_access
    from cegah.portal.models import PortalRootPage

    if not PortalRootPage.objects.exists():
        return
    user = instance.user
    if (
        instance.role in (Role.EDITOR, Role.MODERATOR)
        or user.groups.filter(name__startswith=GROUP_PREFIX).exists()
    ):
        sync_editor_access(user)

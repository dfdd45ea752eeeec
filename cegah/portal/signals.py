"""Reactions to publishing and to role changes."""

from __future__ import annotations

from typing import Any

from wagtail.models import Page

from cegah.accounts.models import Membership, Role
from cegah.core.caching import invalidate, register_namespace
from cegah.search import documents

# The cache namespace of everything the page tree shows: any page published, unpublished,
# moved or deleted renders the anonymous pages that show pages (home, lists) afresh.
PAGES = "pages"
register_namespace(PAGES)


def page_published(sender: type[Page], instance: Page, **kwargs: Any) -> None:
    """A published page goes into site search and into the cached pages that list it."""
    from cegah.portal.search import search_document

    doc = search_document(instance)
    if doc is not None:
        documents.index(doc)
    invalidate(PAGES)


def page_unpublished(sender: type[Page], instance: Page, **kwargs: Any) -> None:
    """An unpublished (or deleted) page leaves site search and the cached pages."""
    from cegah.portal.search import kind_of

    kind = kind_of(instance.specific)
    if kind is not None:
        documents.unindex(kind, str(instance.translation_key), instance.locale.language_code)
    invalidate(PAGES)


def pages_changed(**kwargs: Any) -> None:
    """A page moved, or a snippet the pages show (a news category) changed."""
    invalidate(PAGES)


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

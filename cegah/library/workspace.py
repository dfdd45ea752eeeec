"""Library management in a person's workspace: the editors of an agency."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cegah.core.workspace import Entry, register, watch
from cegah.library import access

if TYPE_CHECKING:
    from cegah.accounts.models import User

# Saving or deleting these refreshes the cached counts (cegah.core.workspace).
watch("library.LibraryItem")


@register(90)
def manage(user: User) -> Iterator[Entry]:
    """The agency's library items; what waits are its unpublished drafts."""
    if not access.is_editor(user):
        return
    yield Entry(
        key="library-manage",
        label=_("Manage the library"),
        description=_("Add and publish your agency's materials, and see who adopted them."),
        url=reverse("library:manage"),
        waiting=access.editable_items(user).filter(is_published=False).count(),
    )

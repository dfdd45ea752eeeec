"""The only way library views get items and collections, and who may do what with them.

Editing belongs to the editors (`Role.EDITOR`) of the owner agency (a role in an agency
counts for its units too). Anyone else asking for an edit address, whether signed in at
another agency or not, gets a 404, as the rest of the project does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404
from django.shortcuts import get_object_or_404

from cegah.accounts.access import agencies_with_role, has_role, is_kpk_officer
from cegah.accounts.models import Role
from cegah.agencies.models import Agency, AgencyType
from cegah.library.models import Collection, LibraryItem, LibraryItemQuerySet

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from cegah.accounts.models import User

    Person = User | AnonymousUser


def editor_agencies(user: Person) -> list[Agency]:
    """The agencies in which the person is an editor, in a stable order."""
    return sorted(agencies_with_role(user, Role.EDITOR), key=lambda agency: agency.path)


def is_editor(user: Person) -> bool:
    return bool(editor_agencies(user))


def can_edit(user: Person, item: LibraryItem) -> bool:
    """Editors of the owner agency (or of an agency above it) may change or delete the item."""
    return has_role(user, Role.EDITOR, item.owner_agency)


def can_see_usage(user: Person, item: LibraryItem) -> bool:
    """Who used an item is for the owner agency's editors and for KPK."""
    if can_edit(user, item) or is_kpk_officer(user):
        return True
    return any(agency.type == AgencyType.KPK for agency in editor_agencies(user))


def public_items() -> LibraryItemQuerySet:
    """What anybody may see: published items."""
    return LibraryItem.objects.published()


def get_public_item(user: Person, pk: int) -> LibraryItem:
    """A published item, or a draft its own editors are looking at; otherwise a 404."""
    item = get_object_or_404(LibraryItem.objects.select_related("owner_agency"), pk=pk)
    if not item.is_published and not can_edit(user, item):
        raise Http404
    return item


def editable_items(user: Person) -> LibraryItemQuerySet:
    """The items the person may edit: those of the agencies where they are an editor."""
    return LibraryItem.objects.owned_by(editor_agencies(user))


def get_item_for_editor(user: Person, pk: int) -> LibraryItem:
    """An item the person may edit; any other item (another agency's) is a 404."""
    return get_object_or_404(editable_items(user).select_related("owner_agency"), pk=pk)


def get_item_usage(user: Person, pk: int) -> LibraryItem:
    """An item whose usage list the person may read; otherwise a 404."""
    item = get_object_or_404(LibraryItem.objects.select_related("owner_agency"), pk=pk)
    if not can_see_usage(user, item):
        raise Http404
    return item


def get_editor_agency(user: Person, agency_id: int | str | None) -> Agency:
    """The agency an editor acts for: the one named if they edit there, else the first."""
    agencies = editor_agencies(user)
    if not agencies:
        raise Http404
    if agency_id in (None, ""):
        return agencies[0]
    for agency in agencies:
        if str(agency.pk) == str(agency_id):
            return agency
    raise Http404


def collections_for(user: Person) -> list[Collection]:
    """The collections of the agencies where the person is an editor."""
    agencies = editor_agencies(user)
    return list(
        Collection.objects.filter(agency__in=agencies).select_related("agency").order_by("name")
    )


def get_collection_for_editor(user: Person, pk: int) -> Collection:
    """A collection of one of the person's agencies; any other is a 404."""
    return get_object_or_404(
        Collection.objects.filter(agency__in=editor_agencies(user)).select_related("agency"),
        pk=pk,
    )

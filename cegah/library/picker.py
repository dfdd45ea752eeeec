"""What an agency may pick from the library for its own work (a campaign day, for one):
its own items, the items it adopted, and the national ones (KPK, ministries, national
agencies), each group newest first, filtered by words of the title and by kind."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cegah.agencies.models import AgencyType
from cegah.library.models import Adoption, AdoptionKind, Kind, LibraryItem, LibraryItemQuerySet

if TYPE_CHECKING:
    from django.utils.functional import Promise

    from cegah.agencies.models import Agency

NATIONAL_OWNER_TYPES = (AgencyType.KPK, AgencyType.MINISTRY, AgencyType.NATIONAL_AGENCY)
# How many items each group shows before the organiser narrows it with a search.
GROUP_SIZE = 12


@dataclass
class PickerGroup:
    """One group of the picker: its key (`own`, `adopted`, `national`, `chosen`), its heading,
    the items shown, and whether more match than are shown."""

    key: str
    label: str | Promise
    items: list[LibraryItem] = field(default_factory=list)
    more: bool = False


def _own(agency: Agency) -> Q:
    return Q(owner_agency__path__startswith=agency.path)


def _adopted(agency: Agency) -> Q:
    adopted = Adoption.objects.filter(agency=agency, kind=AdoptionKind.ADOPT).values("item_id")
    return Q(pk__in=adopted)


def _national() -> Q:
    return Q(owner_agency__type__in=NATIONAL_OWNER_TYPES)


def usable_items(agency: Agency) -> LibraryItemQuerySet:
    """Every published item the agency may pick: its own (and its units'), those it adopted,
    and the national ones."""
    return LibraryItem.objects.published().filter(_own(agency) | _adopted(agency) | _national())


def _filtered(items: LibraryItemQuerySet, search: str, kind: str) -> LibraryItemQuerySet:
    for word in search.split()[:6]:
        items = items.filter(title__icontains=word)
    if kind in Kind.values:
        items = items.filter(kind=kind)
    return items


def picker_groups(
    agency: Agency,
    *,
    chosen: list[LibraryItem] | None = None,
    search: str = "",
    kind: str = "",
    size: int = GROUP_SIZE,
) -> list[PickerGroup]:
    """The picker's groups: what is chosen already (in its order), then the agency's own,
    adopted and national items; an item appears once, in the first group it belongs to."""
    chosen = chosen or []
    seen = {item.pk for item in chosen}
    groups = [PickerGroup("chosen", _("Chosen for this day"), list(chosen))] if chosen else []
    published = _filtered(LibraryItem.objects.published(), search.strip(), kind)
    taken = Q(pk__in=seen)
    for key, label, condition in (
        ("own", _("Your agency's own"), _own(agency)),
        ("adopted", _("Adopted by your agency"), _adopted(agency)),
        ("national", _("National (KPK and ministries)"), _national()),
    ):
        rows = list(
            published.filter(condition)
            .exclude(taken)
            .for_listing()
            .order_by("-published_at", "-id")[: size + 1]
        )
        groups.append(PickerGroup(key, label, rows[:size], more=len(rows) > size))
        taken |= condition
    return groups

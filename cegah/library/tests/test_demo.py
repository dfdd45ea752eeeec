"""The demo library: 20+ items, an adoption and adaptations, created once."""

from __future__ import annotations

import pytest

from cegah.agencies.demo import seed_demo
from cegah.library.demo import seed_library_demo
from cegah.library.models import Adoption, AdoptionKind, Collection, LibraryItem


@pytest.mark.django_db
def test_seed_demo_creates_the_library_once() -> None:
    seed_demo()
    assert seed_library_demo(dry_run=True) == "Library: 22 demo items would be created."
    assert not LibraryItem.objects.exists()
    seed_library_demo()
    items = LibraryItem.objects.all()
    assert items.count() >= 20
    assert items.filter(is_published=True).count() == items.count()
    assert items.values("owner_agency").distinct().count() >= 3
    assert items.filter(image__isnull=False).count() >= 15
    adopted = Adoption.objects.get(kind=AdoptionKind.ADOPT)
    assert adopted.agency.code == "bali-diskominfos"
    klaten = LibraryItem.objects.get(owner_agency__code="pemkab-klaten")
    assert (
        klaten.adapted_from is not None
        and klaten.adapted_from.owner_agency.code == "sumsel-diskominfo"
    )
    assert klaten.lineage_root == adopted.item
    assert Adoption.objects.filter(kind=AdoptionKind.ADAPT).count() == 2
    assert Collection.objects.get().items.count() == 3
    before = (items.count(), Adoption.objects.count())
    assert "0 demo items created" in seed_library_demo()
    assert (LibraryItem.objects.count(), Adoption.objects.count()) == before

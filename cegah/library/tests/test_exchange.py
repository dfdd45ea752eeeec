"""Adopting and adapting: idempotent adoption, lineage, counts, credit kept; collections."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from cegah.library.models import Adoption, AdoptionKind, Collection, LibraryItem, Licence, Topic
from cegah.library.tests.conftest import Editors
from cegah.library.tests.factories import make_item
from cegah.test import PASSWORD, Personas


def _login(client: Client, user: object) -> None:
    assert client.login(email=user.email, password=PASSWORD)  # type: ignore[attr-defined]


def test_adopting_twice_records_one_adoption(
    client: Client, personas: Personas, editors: Editors
) -> None:
    item = make_item(personas.kpk, actor=editors.kpk)
    _login(client, editors.b)
    url = reverse("library:adopt", args=[item.pk])
    for _ in range(2):
        response = client.post(url, {"agency": personas.agency_b.pk})
        assert response.status_code == 302
    adoption = Adoption.objects.get()
    assert (adoption.agency, adoption.kind, adoption.created_by) == (
        personas.agency_b,
        AdoptionKind.ADOPT,
        editors.b,
    )
    page = client.get(item.get_absolute_url()).content.decode()
    assert "Diadopsi apa adanya oleh 1 instansi." in page
    assert "Pemerintah Provinsi Bali memakai materi ini apa adanya." in page


def test_an_agency_cannot_adopt_its_own_item(
    client: Client, personas: Personas, editors: Editors
) -> None:
    item = make_item(personas.kpk, actor=editors.kpk)
    _login(client, editors.kpk)
    client.post(reverse("library:adopt", args=[item.pk]), {"agency": personas.kpk.pk})
    assert not Adoption.objects.exists()


def test_adopting_for_an_agency_one_does_not_edit_for_is_404(
    client: Client, personas: Personas, editors: Editors
) -> None:
    item = make_item(personas.kpk)
    _login(client, editors.b)
    response = client.post(
        reverse("library:adopt", args=[item.pk]), {"agency": personas.agency_a.pk}
    )
    assert response.status_code == 404
    assert not Adoption.objects.exists()


def _adapt(client: Client, original: LibraryItem, **values: object) -> object:
    data = {
        "kind": "caption",
        "title": "Versi lokal",
        "caption": "Tolak gratifikasi di daerah kami #Lokal",
        "topics": [Topic.objects.get(slug="gratifikasi").pk],
        "audiences": ["asn"],
        "licence": "cc-by-4.0",
        "attribution": "Pemprov Bali",
        "is_published": "on",
        **values,
    }
    return client.post(reverse("library:adapt", args=[original.pk]), data)


def test_adaptation_keeps_the_original_credit_and_shows_lineage(
    client: Client, personas: Personas, editors: Editors
) -> None:
    original = make_item(personas.kpk, title="Asli KPK")
    _login(client, editors.b)
    response = _adapt(client, original, title="Versi Bali")
    assert response.status_code == 302
    adaptation = LibraryItem.objects.get(title="Versi Bali")
    assert adaptation.adapted_from == original
    assert adaptation.lineage_root == original
    assert adaptation.owner_agency == personas.agency_b
    assert adaptation.source_attribution == "Komisi Pemberantasan Korupsi (CC BY 4.0)"
    record = Adoption.objects.get()
    assert (record.kind, record.agency, record.adaptation) == (
        AdoptionKind.ADAPT,
        personas.agency_b,
        adaptation,
    )
    page = client.get(adaptation.get_absolute_url()).content.decode()
    assert "Komisi Pemberantasan Korupsi (CC BY 4.0)" in page
    assert original.get_absolute_url() in page


def test_lineage_includes_adaptations_of_adaptations_and_counts_agencies(
    client: Client, personas: Personas, editors: Editors
) -> None:
    original = make_item(personas.kpk, title="Asli KPK")
    bali = make_item(personas.agency_b, title="Versi Bali", adapted_from=original)
    klaten = make_item(personas.agency_a, title="Versi Klaten", adapted_from=bali)
    make_item(personas.agency_a, title="Versi Klaten kedua", adapted_from=original)
    assert klaten.lineage_root == original
    assert "Komisi Pemberantasan Korupsi" in klaten.source_attribution
    assert (
        "Pemprov Bali" in klaten.source_attribution
        or "Pemerintah Provinsi Bali" in klaten.source_attribution
    )
    page = client.get(original.get_absolute_url()).content.decode()
    for title in ("Versi Bali", "Versi Klaten", "Versi Klaten kedua"):
        assert title in page
    assert 'class="lineage-depth-2"' in page  # Klaten's version of Bali's version
    # Two agencies adapted the original (Klaten twice counts once); none adopted it.
    assert "Diadaptasi oleh 2 instansi." in page
    assert "Diadopsi apa adanya oleh 0 instansi." in page
    # The adaptation's page shows the same family.
    assert "Asli KPK" in client.get(klaten.get_absolute_url()).content.decode()


def test_drafts_stay_out_of_the_public_lineage(client: Client, personas: Personas) -> None:
    original = make_item(personas.kpk, title="Asli KPK")
    make_item(personas.agency_b, title="Draf Bali", adapted_from=original, published=False)
    assert "Draf Bali" not in client.get(original.get_absolute_url()).content.decode()


def test_all_rights_reserved_items_can_be_adopted_not_adapted(
    client: Client, personas: Personas, editors: Editors
) -> None:
    original = make_item(personas.kpk, licence=Licence.ALL_RIGHTS_RESERVED)
    _login(client, editors.b)
    assert client.get(reverse("library:adapt", args=[original.pk])).status_code == 200
    response = _adapt(client, original)
    assert response.status_code == 400
    assert LibraryItem.objects.count() == 1


def test_share_alike_adaptation_keeps_the_licence(
    client: Client, personas: Personas, editors: Editors
) -> None:
    original = make_item(personas.kpk, licence=Licence.CC_BY_SA)
    _login(client, editors.b)
    _adapt(client, original, title="Versi SA", licence="all-rights-reserved")
    assert LibraryItem.objects.get(title="Versi SA").licence == Licence.CC_BY_SA


def test_collections_hold_own_and_others_items_once(
    client: Client, personas: Personas, editors: Editors
) -> None:
    own = make_item(personas.agency_b, title="Milik Bali")
    other = make_item(personas.kpk, title="Milik KPK")
    _login(client, editors.b)
    response = client.post(reverse("library:collections"), {"name": "Hakordia 2026"})
    collection = Collection.objects.get()
    assert response.url == collection.get_absolute_url()  # type: ignore[attr-defined]
    assert collection.agency == personas.agency_b
    client.post(reverse("library:collections"), {"name": "Hakordia 2026"})
    assert Collection.objects.count() == 1
    for item in (own, other, other):
        client.post(reverse("library:collect", args=[item.pk]), {"collection": collection.pk})
    assert list(collection.items.order_by("title")) == [own, other]
    page = client.get(collection.get_absolute_url()).content.decode()
    assert "Milik Bali" in page and "Milik KPK" in page
    client.post(collection.get_absolute_url(), {"remove": own.pk})
    assert list(collection.items.all()) == [other]


def test_another_agencys_collection_is_404(
    client: Client, personas: Personas, editors: Editors
) -> None:
    item = make_item(personas.kpk)
    _login(client, editors.b)
    client.post(reverse("library:collections"), {"name": "Punya Bali"})
    collection = Collection.objects.get()
    _login(client, editors.a)
    assert client.get(collection.get_absolute_url()).status_code == 404
    response = client.post(
        reverse("library:collect", args=[item.pk]), {"collection": collection.pk}
    )
    assert response.status_code == 404
    assert not collection.items.exists()


def test_item_page_offers_adopt_and_adapt_to_other_agencies_editors_only(
    client: Client, personas: Personas, editors: Editors
) -> None:
    item = make_item(personas.kpk, title="Materi KPK")
    adopt_url = reverse("library:adopt", args=[item.pk])
    adapt_url = reverse("library:adapt", args=[item.pk])
    page = client.get(item.get_absolute_url()).content.decode()
    assert adopt_url not in page and adapt_url not in page
    _login(client, editors.kpk)
    page = client.get(item.get_absolute_url()).content.decode()
    assert adopt_url not in page and adapt_url not in page
    assert reverse("library:edit", args=[item.pk]) in page
    _login(client, editors.b)
    page = client.get(item.get_absolute_url()).content.decode()
    assert adopt_url in page and adapt_url in page
    assert reverse("library:edit", args=[item.pk]) not in page
    client.post(adopt_url, {"agency": personas.agency_b.pk})
    page = client.get(item.get_absolute_url()).content.decode()
    assert adopt_url not in page  # already adopted: the button gives way to a note
    assert "Pemerintah Provinsi Bali memakai materi ini apa adanya." in page

"""Only the owner agency's editors change an item; everyone else gets a 404."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cegah.library.models import LibraryItem, Topic
from cegah.library.tests.conftest import Editors
from cegah.library.tests.factories import make_item
from cegah.test import PASSWORD, Personas


def _login(client: Client, user: object) -> None:
    assert client.login(email=user.email, password=PASSWORD)  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["edit", "delete"])
def test_editor_of_another_agency_gets_404_on_edit_urls(
    client: Client, personas: Personas, editors: Editors, name: str
) -> None:
    item = make_item(personas.agency_b, title="Milik Bali")
    _login(client, editors.a)
    url = reverse(f"library:{name}", args=[item.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"title": "Dibajak", "kind": "caption"}).status_code == 404
    item.refresh_from_db()
    assert item.title == "Milik Bali"
    assert LibraryItem.objects.filter(pk=item.pk).exists()


def test_editor_of_the_owner_agency_edits_and_deletes(
    client: Client, personas: Personas, editors: Editors
) -> None:
    item = make_item(personas.agency_b, title="Milik Bali")
    _login(client, editors.b)
    assert client.get(reverse("library:edit", args=[item.pk])).status_code == 200
    response = client.post(
        reverse("library:edit", args=[item.pk]),
        {
            "kind": "caption",
            "title": "Judul baru",
            "caption": "Teks baru #Bali",
            "topics": [item.topics.first().pk],  # type: ignore[union-attr]
            "audiences": ["public"],
            "licence": "cc-by-4.0",
            "attribution": "Diskominfos Bali",
            "is_published": "on",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.title, item.for_public, item.for_civil_servants) == ("Judul baru", True, False)
    assert client.post(reverse("library:delete", args=[item.pk])).status_code == 302
    assert not LibraryItem.objects.filter(pk=item.pk).exists()


def test_editor_of_the_parent_government_edits_its_units_items(
    client: Client, personas: Personas
) -> None:
    from cegah.accounts.models import Role
    from cegah.test import make_user

    item = make_item(personas.unit_a)
    editor = make_user("editor.pemkab@example.org", (personas.agency_a, Role.EDITOR))
    _login(client, editor)
    assert client.get(reverse("library:edit", args=[item.pk])).status_code == 200


def test_kpk_officer_and_owner_see_usage_others_do_not(
    client: Client, personas: Personas, editors: Editors
) -> None:
    item = make_item(personas.agency_a)
    url = reverse("library:usage", args=[item.pk])
    _login(client, editors.b)
    assert client.get(url).status_code == 404
    for user in (editors.a, personas.kpk_officer, editors.kpk):
        _login(client, user)
        assert client.get(url).status_code == 200


def test_usage_lists_who_adopted_and_adapted(
    client: Client, personas: Personas, editors: Editors
) -> None:
    from cegah.library.actions import adopt_item

    item = make_item(personas.kpk, title="Asli")
    adopt_item(actor=editors.b, agency=personas.agency_b, item=item)
    make_item(personas.agency_a, title="Versi Klaten", adapted_from=item)
    _login(client, editors.kpk)
    page = client.get(reverse("library:usage", args=[item.pk])).content.decode()
    assert "Pemerintah Provinsi Bali" in page
    assert "Versi Klaten" in page


def test_public_pages_show_only_published_items(
    client: Client, personas: Personas, editors: Editors
) -> None:
    draft = make_item(personas.agency_a, title="Draf rahasia", published=False)
    make_item(personas.agency_a, title="Terbit")
    page = client.get(reverse("library:list")).content.decode()
    assert "Terbit" in page and "Draf rahasia" not in page
    assert client.get(draft.get_absolute_url()).status_code == 404
    _login(client, editors.b)
    assert client.get(draft.get_absolute_url()).status_code == 404
    _login(client, editors.a)
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_workspace_is_for_editors_only(
    client: Client, personas: Personas, editors: Editors
) -> None:
    url = reverse("library:manage")
    assert client.get(url).status_code == 302  # to the login page
    _login(client, personas.asn_a)
    assert client.get(url).status_code == 404
    _login(client, editors.a)
    mine = make_item(personas.agency_a, title="Milik Klaten", published=False)
    make_item(personas.agency_b, title="Milik Bali")
    page = client.get(url).content.decode()
    assert mine.title in page and "Milik Bali" not in page


def test_editor_of_one_agency_cannot_create_for_another(
    client: Client, personas: Personas, editors: Editors
) -> None:
    _login(client, editors.a)
    client.post(
        reverse("library:new"),
        {
            "agency": personas.agency_b.pk,
            "kind": "caption",
            "title": "Menyamar",
            "caption": "x",
            "topics": [Topic.objects.first().pk],  # type: ignore[union-attr]
            "audiences": ["asn"],
            "licence": "cc-by-4.0",
            "attribution": "x",
        },
    )
    assert LibraryItem.objects.get().owner_agency == personas.agency_a

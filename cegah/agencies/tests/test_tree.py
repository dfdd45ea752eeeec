from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from cegah.agencies.models import Agency, AgencyType
from cegah.test import Personas, make_agency


def test_path_puts_units_under_their_government(personas: Personas) -> None:
    a, unit = personas.agency_a, personas.unit_a
    assert unit.path == f"{a.path}{unit.pk}/"
    assert set(Agency.objects.subtree_of(a)) == {a, unit}
    assert unit.ancestors() == [a]
    assert unit.government() == a


def test_moving_an_agency_moves_its_subtree(personas: Personas) -> None:
    school = make_agency("smpn-1", parent=personas.unit_a)
    unit = personas.unit_a
    unit.parent = personas.agency_b
    unit.save()
    school.refresh_from_db()
    assert school.path == f"{personas.agency_b.path}{unit.pk}/{school.pk}/"
    assert school.government() == personas.agency_b


def test_a_regional_government_needs_its_region(db: None) -> None:
    with pytest.raises(ValidationError) as exc:
        make_agency("pemkab-x", type=AgencyType.REGENCY_GOVERNMENT)
    assert "region" in exc.value.message_dict


def test_an_agency_cannot_be_placed_under_its_own_unit(personas: Personas) -> None:
    a = personas.agency_a
    a.parent = personas.unit_a
    with pytest.raises(ValidationError):
        a.full_clean()


def test_directory_lists_governments_and_search_finds_units(
    client: Client, personas: Personas
) -> None:
    html = client.get("/instansi/").content.decode()
    assert "Pemerintah Kabupaten Klaten" in html
    assert "Dinas Pendidikan" not in html
    html = client.get("/instansi/", {"q": "pendidikan"}).content.decode()
    assert "Dinas Pendidikan Kabupaten Klaten" in html


def test_agency_page_shows_contact_data_and_units(client: Client, personas: Personas) -> None:
    Agency.objects.filter(pk=personas.agency_a.pk).update(email="humas@klatenkab.go.id")
    html = client.get("/instansi/pemkab-klaten/").content.decode()
    assert "humas@klatenkab.go.id" in html
    assert "Dinas Pendidikan Kabupaten Klaten" in html
    assert client.get("/instansi/does-not-exist/").status_code == 404


def test_directory_query_count_does_not_grow_with_the_list(
    client: Client, personas: Personas, django_assert_max_num_queries: Any
) -> None:
    for i in range(25):
        make_agency(f"unit-{i}", f"Unit Pendidikan {i}", parent=personas.agency_a)
    client.get("/instansi/")  # fills the header's cached section addresses
    with django_assert_max_num_queries(4):
        assert client.get("/instansi/", {"q": "pendidikan"}).status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get("/instansi/").status_code == 200

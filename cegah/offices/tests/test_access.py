"""Only staff of the responsible agency (or KPK) import and print; others get a 404."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cegah.offices.models import Office, PosterBatch
from cegah.offices.tests.factories import make_office
from cegah.test import PASSWORD, Personas

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["citizen", "asn_a", "officer_b"])
def test_people_without_an_office_role_get_404_on_the_staff_pages(
    client: Client, personas: Personas, who: str
) -> None:
    client.login(email=getattr(personas, who).email, password=PASSWORD)
    if who == "officer_b":
        # An administrator of Bali manages Bali's offices, not Klaten's.
        page = client.get(reverse("offices:import")).content.decode()
        assert personas.agency_a.name not in page
        return
    assert client.get(reverse("offices:import")).status_code == 404
    assert client.get(reverse("offices:posters")).status_code == 404


def test_an_officer_of_another_agency_cannot_import_for_klaten(
    client: Client, personas: Personas
) -> None:
    client.login(email=personas.officer_b.email, password=PASSWORD)
    response = client.post(
        reverse("offices:import"),
        {
            "kind": "offices",
            "agency": personas.agency_a.code,
            "file": SimpleUploadedFile("a.csv", b"kode,jenis,nama,kode_wilayah\nK,kua,KUA,33.10\n"),
        },
    )
    assert response.status_code == 400  # not one of the agencies offered
    assert not Office.objects.exists()


def test_an_officer_of_another_agency_gets_404_for_a_batch(
    client: Client, personas: Personas
) -> None:
    batch = PosterBatch.objects.create(agency=personas.agency_a, size="A4")
    client.login(email=personas.officer_b.email, password=PASSWORD)
    assert client.get(reverse("offices:batch_download", args=[batch.pk])).status_code == 404
    assert client.post(reverse("offices:batch_again", args=[batch.pk])).status_code == 404


def test_a_unit_administrator_manages_only_the_units_offices(
    client: Client, personas: Personas
) -> None:
    from cegah.accounts.models import Membership, Role

    Membership.objects.create(user=personas.asn_a, agency=personas.unit_a, role=Role.AGENCY_ADMIN)
    make_office("SD-1", agency=personas.unit_a)
    make_office("PKM-1", "Puskesmas", "puskesmas", agency=personas.agency_a)
    client.login(email=personas.asn_a.email, password=PASSWORD)
    data = b"kode,jenis,nama,kode_wilayah\nSD-1,sd,SD Baru,33.10\nPKM-1,puskesmas,Diganti,33.10\n"
    response = client.post(
        reverse("offices:import"),
        {
            "kind": "offices",
            "agency": personas.unit_a.code,
            "file": SimpleUploadedFile("a.csv", data),
        },
    )
    assert response.status_code == 422
    assert "<td>3</td>" in response.content.decode()
    assert Office.objects.get(code="PKM-1").name == "Puskesmas"


def test_the_kpk_officer_may_import_for_any_agency(client: Client, personas: Personas) -> None:
    client.login(email=personas.kpk_officer.email, password=PASSWORD)
    response = client.post(
        reverse("offices:import"),
        {
            "kind": "offices",
            "agency": personas.agency_b.code,
            "file": SimpleUploadedFile(
                "a.csv", b"kode,jenis,nama,kode_wilayah\nK,kua,KUA Denpasar,51.71\n"
            ),
        },
    )
    assert response.status_code == 200
    assert Office.objects.get().agency == personas.agency_b


def test_a_superuser_editing_an_office_in_the_admin_keeps_it_findable(client: Client) -> None:
    from cegah.accounts.models import User

    admin_user = User.objects.create_superuser("root@example.org", PASSWORD)
    office = make_office("K-1", "KUA Lama", "kua")
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:offices_office_change", args=[office.pk]),
        {
            "code": "K-1",
            "kind": "kua",
            "name": "KUA Prambanan",
            "region": "33.10",
            "standards-TOTAL_FORMS": "0",
            "standards-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    office.refresh_from_db()
    assert office.name == "KUA Prambanan" and " prambanan" in office.search_text

"""The offices API: public list and detail, the import with a personal token."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cegah.api.models import ApiToken
from cegah.offices.models import Office
from cegah.offices.tests.factories import make_office, make_service, make_standard
from cegah.test import Personas

pytestmark = pytest.mark.django_db


def _token(user: object) -> str:
    from cegah.api.actions import create_api_token

    _, raw = create_api_token(actor=user, name="test")  # type: ignore[arg-type]
    return raw


def test_list_and_detail_are_public(client: Client) -> None:
    office = make_office("DUK-3310", "Disdukcapil Klaten", "dukcapil", "33.10")
    make_office("B-1", "Puskesmas Denpasar", "puskesmas", "51.71")
    make_standard(office, make_service())
    body = client.get("/api/v1/offices", {"q": "klaten"}).json()
    assert [o["code"] for o in body["items"]] == ["DUK-3310"]
    assert body["items"][0]["region"] == {"code": "33.10", "name": "Kabupaten Klaten"}
    body = client.get("/api/v1/offices", {"region": "51"}).json()
    assert [o["code"] for o in body["items"]] == ["B-1"]
    detail = client.get("/api/v1/offices/DUK-3310").json()
    standard = detail["standards"][0]
    assert standard["service_code"] == "akta-kelahiran"
    assert standard["fees"][0]["fee_idr"] == 0 and standard["fees"][0]["free"] is True
    assert standard["fees"][0]["legal_basis"][0]["title"] == "UU 24/2013"
    assert detail["report_url"] == "/keluhan/baru/?kantor=DUK-3310"
    assert client.get("/api/v1/offices/nope").status_code == 404
    assert client.get("/api/v1/offices", {"region": "x"}).status_code == 422


def test_import_needs_a_token_of_a_manager_of_the_agency(
    client: Client, personas: Personas
) -> None:
    data = b"kode,jenis,nama,kode_wilayah\nK1,kua,KUA Klaten Tengah,33.10.25\n"

    def post(token: str | None, agency: str) -> object:
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
        return client.post(
            "/api/v1/offices/import",
            {"kind": "offices", "agency": agency, "file": SimpleUploadedFile("a.csv", data)},
            **headers,
        )

    assert post(None, "pemkab-klaten").status_code == 401  # type: ignore[attr-defined]
    assert post(_token(personas.officer_b), "pemkab-klaten").status_code == 404  # type: ignore[attr-defined]
    assert post(_token(personas.asn_a), "pemkab-klaten").status_code == 404  # type: ignore[attr-defined]
    assert not Office.objects.exists()
    response = post(_token(personas.admin_a), "pemkab-klaten")
    assert response.status_code == 200, response.json()  # type: ignore[attr-defined]
    assert response.json()["created"] == 1  # type: ignore[attr-defined]
    response = post(_token(personas.kpk_officer), "pemkab-klaten")
    assert response.json()["updated"] == 1  # type: ignore[attr-defined]


def test_import_errors_name_each_line(client: Client, personas: Personas) -> None:
    from cegah.api.actions import create_api_token

    _, raw = create_api_token(actor=personas.admin_a, name="t")
    data = b"kode,jenis,nama,kode_wilayah\nK1,kua,KUA,33.10\nK2,kua,KUA,3\n"
    response = client.post(
        "/api/v1/offices/import",
        {"kind": "offices", "agency": "pemkab-klaten", "file": SimpleUploadedFile("a.csv", data)},
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 422
    body = response.json()
    assert body["error_count"] == 1
    assert body["errors"][0]["line"] == 3 and body["errors"][0]["column"] == "kode_wilayah"
    assert not Office.objects.exists()
    assert ApiToken.objects.exists()

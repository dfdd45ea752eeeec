from __future__ import annotations

import pytest
from django.test import Client

from cegah.accounts.models import User
from cegah.regions.actions import ensure_region
from cegah.test import PASSWORD, Personas


@pytest.fixture
def citizen_client(client: Client, personas: Personas) -> Client:
    for code in ("33.10.25", "33.72.01", "51.71"):
        ensure_region(code)
    client.force_login(personas.citizen)
    return client


def test_login_with_email_and_password(client: Client, personas: Personas) -> None:
    response = client.post("/akun/login/", {"login": "warga@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/ruang-kerja/"  # the workspace, unless `next` says otherwise
    assert "Warga Biasa" in client.get("/akun/profil/").content.decode()


def test_wrong_password_is_refused_with_a_message(client: Client, personas: Personas) -> None:
    response = client.post("/akun/login/", {"login": "warga@example.org", "password": "nope"})
    assert response.status_code == 200
    assert "tidak benar" in response.content.decode() or "not correct" in response.content.decode()


def test_profile_requires_login(client: Client, db: None) -> None:
    response = client.get("/akun/profil/")
    assert response.status_code == 302
    assert response["Location"].startswith("/akun/login/")


def test_region_selects_cascade_without_javascript_then_save(citizen_client: Client) -> None:
    form = {"full_name": "Sri Rahayu", "phone": "0812-3456-7890", "preferred_language": "id"}
    step = citizen_client.post("/akun/profil/", {**form, "province": "33", "_refresh_region": "1"})
    html = step.content.decode()
    assert step.status_code == 200
    assert '<option value="33.10">Kabupaten Klaten</option>' in html
    assert 'value="Sri Rahayu"' in html  # what was typed is kept
    step = citizen_client.post(
        "/akun/profil/", {**form, "province": "33", "regency": "33.10", "_refresh_region": "1"}
    )
    assert '<option value="33.10.25">Klaten Tengah</option>' in step.content.decode()

    done = citizen_client.post(
        "/akun/profil/", {**form, "province": "33", "regency": "33.10", "district": "33.10.25"}
    )
    assert done.status_code == 302
    user = User.objects.get(email="warga@example.org")
    assert (user.full_name, user.phone, user.region_id) == (
        "Sri Rahayu",
        "+6281234567890",
        "33.10.25",
    )


def test_bad_phone_is_explained_and_keeps_what_was_typed(citizen_client: Client) -> None:
    response = citizen_client.post(
        "/akun/profil/",
        {"full_name": "Sri Rahayu", "phone": "12345", "preferred_language": "en", "province": "33"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "0812 3456 7890" in html
    assert 'value="Sri Rahayu"' in html
    assert User.objects.get(email="warga@example.org").full_name == "Warga Biasa"


def test_a_regency_from_another_province_is_rejected(citizen_client: Client) -> None:
    response = citizen_client.post(
        "/akun/profil/",
        {"preferred_language": "id", "province": "51", "regency": "33.10"},
    )
    assert response.status_code == 400
    assert User.objects.get(email="warga@example.org").region is None


def test_roles_are_listed_on_the_account_page(client: Client, personas: Personas) -> None:
    client.force_login(personas.asn_a)
    html = client.get("/akun/profil/").content.decode()
    assert "Dinas Pendidikan Kabupaten Klaten" in html

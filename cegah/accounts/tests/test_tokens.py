from __future__ import annotations

import re

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from cegah.api.models import ApiKey, ApiToken, hash_secret
from cegah.test import Personas


def _token_from_page(html: str) -> str:
    match = re.search(r'<code class="token">([^<]+)</code>', html)
    assert match, "the new token is shown once"
    return match.group(1)


def test_staff_create_a_token_on_the_account_page_and_use_it(
    client: Client, personas: Personas
) -> None:
    client.force_login(personas.admin_a)
    response = client.post("/akun/token/", {"name": "export script"}, follow=True)
    secret = _token_from_page(response.content.decode())
    token = ApiToken.objects.get(user=personas.admin_a)
    assert token.token_hash == hash_secret(secret)
    assert secret not in token.token_hash
    assert '<code class="token">' not in client.get("/akun/profil/").content.decode()

    me = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert me.status_code == 200
    assert me.json()["roles"] == [{"agency": "pemkab-klaten", "role": "agency_admin"}]


def test_revoked_tokens_stop_working(client: Client, personas: Personas) -> None:
    client.force_login(personas.admin_a)
    secret = _token_from_page(
        client.post("/akun/token/", {"name": "t"}, follow=True).content.decode()
    )
    token = ApiToken.objects.get(user=personas.admin_a)
    client.post(f"/akun/token/{token.pk}/cabut/")
    response = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 401


def test_someone_elses_token_cannot_be_revoked(client: Client, personas: Personas) -> None:
    client.force_login(personas.admin_a)
    client.post("/akun/token/", {"name": "t"})
    token = ApiToken.objects.get(user=personas.admin_a)
    client.force_login(personas.officer_b)
    assert client.post(f"/akun/token/{token.pk}/cabut/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_citizens_get_no_tokens(client: Client, personas: Personas) -> None:
    client.force_login(personas.citizen)
    client.post("/akun/token/", {"name": "t"})
    assert not ApiToken.objects.exists()


def test_missing_or_wrong_token_is_401(client: Client, db: None) -> None:
    assert client.get("/api/v1/me").status_code == 401
    assert client.get("/api/v1/me", headers={"Authorization": "Bearer nope"}).status_code == 401


def test_create_api_token_command_prints_the_token_on_its_last_line(
    personas: Personas, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("create_api_token", "--user", "KPK@example.org")
    secret = capsys.readouterr().out.strip().splitlines()[-1]
    assert ApiToken.objects.get(user=personas.kpk_officer).token_hash == hash_secret(secret)
    response = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert response.json()["email"] == "kpk@example.org"
    with pytest.raises(CommandError):
        call_command("create_api_token", "--user", "nobody@example.org")


@pytest.mark.django_db
def test_create_api_key_command_prints_the_key_once(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("create_api_key", "--name", "open311-client")
    secret = capsys.readouterr().out.strip().splitlines()[-1]
    assert ApiKey.objects.get(name="open311-client").key_hash == hash_secret(secret)
    with pytest.raises(CommandError):
        call_command("create_api_key", "--name", "open311-client")

"""A person's phone number is stored encrypted and shown back to them on their profile."""

from __future__ import annotations

from django.db import connection
from django.test import Client

from cegah.test import Personas


def test_the_phone_saved_on_the_profile_is_ciphertext_in_the_table_and_plain_on_the_page(
    client: Client, personas: Personas
) -> None:
    client.force_login(personas.citizen)
    form = {"full_name": "Warga Biasa", "phone": "0812-3456-7890", "preferred_language": "id"}
    assert client.post("/akun/profil/", form).status_code == 302

    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM accounts_user WHERE id = %s", [personas.citizen.pk])
        row = cursor.fetchone()
    assert row is not None and "81234567890" not in row[0]
    assert 'value="+6281234567890"' in client.get("/akun/profil/").content.decode()

"""Personal data at rest: ciphertext in the columns, plain text in Python, blind indexes for
the lookups, key rotation, and a production that refuses to start without keys."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from pytest_django.fixtures import Settings as SettingsWrapper

from cegah.accounts.models import User
from cegah.campaigns.models import Participant
from cegah.lib.encryption import (
    DecryptionError,
    EncryptedLookupError,
    blind_index,
    decrypt,
    encrypt,
    encrypted_fields,
    migrate_model,
)
from cegah.test import make_agency, make_user

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]
KEY_A = Fernet.generate_key().decode()
KEY_B = Fernet.generate_key().decode()


def raw(model: Any, column: str, pk: int) -> str:
    """What the database holds, past the model field."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {connection.ops.quote_name(column)} FROM {table} WHERE id = %s",
            [pk],
        )
        return str(cursor.fetchone()[0])


def set_raw(model: Any, column: str, pk: int, value: str) -> None:
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {connection.ops.quote_name(column)} = %s WHERE id = %s",
            [value, pk],
        )


def participant(phone: str = "+6281234567890", email: str = "sri@example.org") -> Participant:
    from cegah.campaigns.models import Campaign

    agency = make_agency("enc-agency")
    user = make_user("organiser@example.org")
    campaign = Campaign.objects.create(
        title="Kampanye",
        organiser=agency,
        created_by=user,
        starts_on="2026-01-05",
        ends_on="2026-01-09",
    )
    return Participant.objects.create(
        campaign=campaign, agency=agency, name="Sri Wahyuni", phone=phone, email=email
    )


def test_the_column_holds_ciphertext_and_the_model_reads_the_plain_text_back() -> None:
    user = make_user("budi@example.org", phone="+6281234567890")

    stored = raw(User, "phone", user.pk)
    assert "6281234567890" not in stored
    assert stored.startswith("gAAAAA")
    assert User.objects.get(pk=user.pk).phone == "+6281234567890"
    assert list(User.objects.filter(pk=user.pk).values_list("phone", flat=True)) == [
        "+6281234567890"
    ]


def test_an_empty_value_is_stored_empty_so_empty_checks_still_work() -> None:
    user = make_user("tanpa-telepon@example.org", phone="")

    assert raw(User, "phone", user.pk) == ""
    assert User.objects.filter(phone="").filter(pk=user.pk).exists()
    assert not User.objects.exclude(phone="").filter(pk=user.pk).exists()


def test_the_same_value_encrypts_differently_each_time_but_hashes_the_same() -> None:
    assert encrypt("sri@example.org") != encrypt("sri@example.org")
    assert blind_index("Sri@Example.org ", "email") == blind_index("sri@example.org", "email")
    assert blind_index("sri@example.org", "email") != blind_index("sri@example.org", "phone")
    assert blind_index("", "email") == ""


def test_comparing_an_encrypted_column_with_a_value_is_refused_loudly() -> None:
    with pytest.raises(EncryptedLookupError, match="phone is encrypted"):
        User.objects.filter(phone="+6281234567890").exists()
    with pytest.raises(EncryptedLookupError, match="blind index"):
        User.objects.filter(phone__icontains="812").exists()
    with pytest.raises(EncryptedLookupError):
        User.objects.filter(phone__in=["+6281234567890"]).exists()


def test_lookups_by_phone_and_email_go_through_the_blind_index() -> None:
    person = participant()

    assert raw(Participant, "phone_hash", person.pk) == blind_index("+6281234567890", "phone")
    by_phone = Participant.objects.get(phone_hash=blind_index("+6281234567890", "phone"))
    by_email = Participant.objects.get(email_hash=blind_index("SRI@example.org", "email"))
    assert by_phone == by_email == person
    assert "sri@example.org" not in raw(Participant, "email", person.pk)


def test_rotation_moves_every_value_to_the_new_key_so_the_old_one_can_go(
    settings: SettingsWrapper,
) -> None:
    settings.FIELD_ENCRYPTION_KEYS = [KEY_A]
    user = make_user("rotasi@example.org", phone="+6281111111111")
    person = participant(phone="+6282222222222", email="warsini@example.org")
    written_with_a = raw(User, "phone", user.pk)

    settings.FIELD_ENCRYPTION_KEYS = [KEY_B, KEY_A]
    assert User.objects.get(pk=user.pk).phone == "+6281111111111"  # both keys decrypt
    out = StringIO()
    call_command("rotate_encryption_keys", stdout=out)
    assert "accounts.User: 2 rows, 1 values rotated" in out.getvalue()
    assert "campaigns.Participant: 1 rows, 2 values rotated" in out.getvalue()
    assert raw(User, "phone", user.pk) != written_with_a

    settings.FIELD_ENCRYPTION_KEYS = [KEY_B]
    assert User.objects.get(pk=user.pk).phone == "+6281111111111"
    reread = Participant.objects.get(pk=person.pk)
    assert (reread.phone, reread.email) == ("+6282222222222", "warsini@example.org")
    assert Participant.objects.get(email_hash=blind_index("warsini@example.org", "email")) == reread

    settings.FIELD_ENCRYPTION_KEYS = [KEY_A]
    with pytest.raises(DecryptionError, match=r"accounts\.User\.phone cannot be decrypted"):
        User.objects.get(pk=user.pk)


def test_a_second_rotation_finds_nothing_to_do() -> None:
    make_user("sekali@example.org", phone="+6281111111111")
    call_command("rotate_encryption_keys", stdout=StringIO())

    out = StringIO()
    call_command("rotate_encryption_keys", stdout=out)

    assert "Done: 0 values rewritten" in out.getvalue()
    assert "0 values rotated, 0 plain values encrypted, 1 already current" in out.getvalue()


def test_a_dry_run_counts_but_writes_nothing(settings: SettingsWrapper) -> None:
    settings.FIELD_ENCRYPTION_KEYS = [KEY_A]
    user = make_user("kering@example.org", phone="+6281111111111")
    before = raw(User, "phone", user.pk)
    settings.FIELD_ENCRYPTION_KEYS = [KEY_B, KEY_A]

    out = StringIO()
    call_command("rotate_encryption_keys", "--dry-run", stdout=out)

    assert "accounts.User: 1 rows, 1 values rotated" in out.getvalue()
    assert "Dry run: 1 values would be rewritten." in out.getvalue()
    assert raw(User, "phone", user.pk) == before


def test_rotation_without_the_old_key_stops_with_a_clear_error(settings: SettingsWrapper) -> None:
    settings.FIELD_ENCRYPTION_KEYS = [KEY_A]
    make_user("hilang@example.org", phone="+6281111111111")
    settings.FIELD_ENCRYPTION_KEYS = [KEY_B]

    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="add the key it was written with"):
        call_command("rotate_encryption_keys", stdout=StringIO())


def test_the_data_migration_encrypts_plain_rows_and_fills_the_blind_indexes() -> None:
    from django.apps import apps

    person = participant()
    set_raw(Participant, "phone", person.pk, "+6281234567890")
    set_raw(Participant, "phone_hash", person.pk, "")
    assert Participant.objects.get(pk=person.pk).phone == "+6281234567890"  # read as it is

    forward = migrate_model("campaigns.Participant", hashes=("phone_hash", "email_hash"))
    forward(apps, connection.schema_editor())

    assert raw(Participant, "phone", person.pk).startswith("gAAAAA")
    assert raw(Participant, "phone_hash", person.pk) == blind_index("+6281234567890", "phone")

    migrate_model("campaigns.Participant", reverse=True)(apps, connection.schema_editor())
    assert raw(Participant, "phone", person.pk) == "+6281234567890"
    assert raw(Participant, "email", person.pk) == "sri@example.org"


def test_a_value_written_before_encryption_is_read_as_it_is() -> None:
    assert decrypt("0812 3456 7890") == "0812 3456 7890"
    assert decrypt(encrypt("0812 3456 7890")) == "0812 3456 7890"


def test_forms_keep_the_fields_validation_and_length() -> None:
    phone = User._meta.get_field("phone")
    assert phone in encrypted_fields(User)
    assert phone.formfield().max_length == 20  # type: ignore[union-attr]
    email = Participant._meta.get_field("email").formfield()
    assert type(email).__name__ == "EmailField"


def _settings_import(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("CEGAH_", "FIELD_"))}
    production = {
        "CEGAH_ENV": "production",
        "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnop-xyz",
        "ALLOWED_HOSTS": "cegah.example.org",
    }
    return subprocess.run(
        [sys.executable, "-c", "import cegah.settings"],
        cwd=ROOT,
        env={**clean, **production, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_refuses_to_start_without_encryption_keys() -> None:
    result = _settings_import(FIELD_HASH_KEY="h" * 64)
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS is required when CEGAH_ENV=production" in result.stderr


def test_production_refuses_to_start_without_a_blind_index_key() -> None:
    result = _settings_import(FIELD_ENCRYPTION_KEYS=KEY_A)
    assert result.returncode != 0
    assert "FIELD_HASH_KEY is required when CEGAH_ENV=production" in result.stderr


def test_a_value_that_is_not_a_fernet_key_stops_start_up_without_showing_it() -> None:
    result = _settings_import(
        FIELD_ENCRYPTION_KEYS=f"{KEY_A},not-a-key-secret-value", FIELD_HASH_KEY="h" * 64
    )
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS: key 2 is not a Fernet key" in result.stderr
    assert "not-a-key-secret-value" not in result.stderr


def test_production_starts_with_both_keys() -> None:
    result = _settings_import(FIELD_ENCRYPTION_KEYS=f"{KEY_B},{KEY_A}", FIELD_HASH_KEY="h" * 64)
    assert result.returncode == 0, result.stderr

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from cegah.lib.env import env_bool, env_choice, env_int, env_list

ROOT = Path(__file__).resolve().parents[3]


def test_env_readers_parse_and_fail_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_BOOL", "Yes")
    monkeypatch.setenv("X_INT", "42")
    monkeypatch.setenv("X_LIST", "a, b,,c ")
    assert env_bool("X_BOOL") is True
    assert env_int("X_INT", 1) == 42
    assert env_list("X_LIST") == ["a", "b", "c"]
    assert env_int("X_UNSET", 7) == 7
    monkeypatch.setenv("X_BOOL", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_BOOL"):
        env_bool("X_BOOL")
    monkeypatch.setenv("X_INT", "forty")
    with pytest.raises(ImproperlyConfigured, match="X_INT"):
        env_int("X_INT", 1)
    with pytest.raises(ImproperlyConfigured, match="must be one of"):
        monkeypatch.setenv("X_CHOICE", "staging")
        env_choice("X_CHOICE", ("development", "production"), "development")


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("CEGAH_", "DJANGO_"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION_ENV = {
    "CEGAH_ENV": "production",
    "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnop-xyz",
    "ALLOWED_HOSTS": "cegah.example.org",
    "SITE_URL": "https://cegah.example.org",
    "DATABASE_URL": "postgres://cegah@127.0.0.1:5432/cegah",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "OPERATOR_NAME": "Sekretariat Cegah",
    "OPERATOR_ADDRESS": "Jl. Contoh No. 2, Jakarta 10110",
    "OPERATOR_EMAIL": "cegah@example.org",
    "OPERATOR_PHONE": "+62 21 1234 5678",
    "OPERATOR_HOTLINE": "+62 800 1234 567",
    "FIELD_ENCRYPTION_KEYS": "dDm3yS5f4ivdavo29R6r1x7rOWNN7-69QIzjfTIHgFo=",
    "FIELD_HASH_KEY": "h" * 64,
}


def test_check_deploy_passes_with_production_variables() -> None:
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key() -> None:
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = _manage("check", **env)
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


S3_PROBE = (
    "from django.core.files.storage import storages; s = storages['default']; "
    "print(type(s).__name__, s.bucket_name, s.url('pustaka/poster.pdf'))"
)


def test_library_media_can_go_to_s3_compatible_storage() -> None:
    """MEDIA_STORAGE=s3 puts the default storage (library pictures, videos, posters) in an
    S3-compatible bucket; addresses are built locally, without a request to the bucket."""
    result = _manage(
        "shell",
        "-c",
        S3_PROBE,
        MEDIA_STORAGE="s3",
        S3_BUCKET="cegah-media",
        S3_ENDPOINT_URL="https://minio.example.go.id",
        S3_CUSTOM_DOMAIN="media.example.go.id",
        S3_ACCESS_KEY_ID="key",
        S3_SECRET_ACCESS_KEY="secret",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-3:] == [
        "S3Storage",
        "cegah-media",
        "https://media.example.go.id/pustaka/poster.pdf",
    ]
    missing = _manage("check", MEDIA_STORAGE="s3")
    assert missing.returncode != 0 and "S3_BUCKET" in missing.stderr

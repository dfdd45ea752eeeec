"""Fixtures of the chat tests: fresh limits, a throwaway private storage, both webhooks'
secrets, the regions the complaint tests name, and the outbox read as replies."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.files.storage import storages
from pytest_django.fixtures import Settings as SettingsWrapper

from cegah.chat import media, ratelimit
from cegah.complaints.models import Attachment, KeptUpload
from cegah.regions.actions import ensure_region

TELEGRAM_SECRET = "tg-secret_for-tests"
WHATSAPP_SECRET = "wa-app-secret-for-tests"
VERIFY_TOKEN = "verify-me-please"


@pytest.fixture(autouse=True)
def _fresh_limits_and_media() -> Iterator[None]:
    ratelimit.reset()
    media.SINK.clear()
    yield
    ratelimit.reset()
    media.SINK.clear()


@pytest.fixture(autouse=True)
def _chat_settings(settings: SettingsWrapper) -> None:
    settings.CHAT_TELEGRAM_ENABLED = True
    settings.TELEGRAM_WEBHOOK_SECRET = TELEGRAM_SECRET
    settings.WHATSAPP_APP_SECRET = WHATSAPP_SECRET
    settings.WHATSAPP_VERIFY_TOKEN = VERIFY_TOKEN
    settings.SITE_URL = "https://cegah.example"


@pytest.fixture(autouse=True)
def _private_media(
    settings: SettingsWrapper, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Evidence lands in a throwaway folder (the file fields took their storage at load)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private"},
        },
    }
    for model in (Attachment, KeptUpload):
        monkeypatch.setattr(model._meta.get_field("file"), "storage", storages["private"])


@pytest.fixture
def regions(db: None) -> None:
    """Klaten with its district Klaten Tengah, and Kota Denpasar."""
    for code in ("33.10.25", "51.71"):
        ensure_region(code)

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.storage import storages
from pytest_django.fixtures import Settings as SettingsWrapper

from cegah.accounts.models import Role, User
from cegah.agencies.models import Agency, UnitKind
from cegah.campaigns import actions
from cegah.campaigns.models import Share
from cegah.test import Personas, make_agency, make_user

# 09:00 in Klaten on the first day of its campaign (24–26 April 2024).
NOW = dt.datetime(2024, 4, 24, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


@pytest.fixture(autouse=True)
def _frozen_time() -> Iterator[time_machine.Coordinates]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _throwaway_media(
    settings: SettingsWrapper, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private"},
        },
    }
    monkeypatch.setattr(Share._meta.get_field("proof_file"), "storage", storages["private"])
    actions._salt_cache.clear()


@dataclasses.dataclass
class People:
    """The personas plus a campaign manager in Klaten, a second Klaten unit and its head."""

    p: Personas
    manager: User  # campaign manager of Pemkab Klaten
    unit_b: Agency  # Dinas Kesehatan Klaten
    head_a: User  # head (agency admin) of Dinas Pendidikan, unit_a
    kpk_manager: User


@pytest.fixture
def people(personas: Personas) -> People:
    unit_b = make_agency(
        "klaten-dinkes",
        "Dinas Kesehatan Kabupaten Klaten",
        parent=personas.agency_a,
        unit_kind=UnitKind.HEALTH,
        region=personas.agency_a.region,
    )
    return People(
        p=personas,
        manager=make_user(
            "kampanye@klaten.example.org", (personas.agency_a, Role.CAMPAIGN_MANAGER)
        ),
        unit_b=unit_b,
        head_a=make_user("kadis@klaten.example.org", (personas.unit_a, Role.AGENCY_ADMIN)),
        kpk_manager=make_user("kampanye@kpk.example.org", (personas.kpk, Role.CAMPAIGN_MANAGER)),
    )

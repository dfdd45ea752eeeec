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
from cegah.gratification.models import Evidence, forget_rules
from cegah.test import Personas, make_user

# 23:30 on 23 Nov 2026 in Jakarta, already 01:30 on 24 Nov in Jayapura.
NOW = dt.datetime(2026, 11, 23, 23, 30, tzinfo=ZoneInfo("Asia/Jakarta"))


@pytest.fixture(autouse=True)
def _frozen_time() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def _rules_loaded(db: None) -> Iterator[None]:
    """Every test reads the rules versions loaded by the data migration, never a snapshot that
    another test's rolled-back data left in this process."""
    forget_rules()
    yield
    forget_rules()


@dataclasses.dataclass
class Gratification:
    """The shared personas plus the people of the gratification workflow."""

    p: Personas
    upg_a: User
    kpk_grat: User
    asn_a2: User


@pytest.fixture
def people(personas: Personas) -> Gratification:
    """Agency A (Pemkab Klaten) has a UPG with an officer; KPK has a gratification officer;
    a second civil servant works in agency A too."""
    personas.agency_a.has_gratification_unit = True
    personas.agency_a.save()
    return Gratification(
        p=personas,
        upg_a=make_user("upg.a@example.org", (personas.agency_a, Role.GRATIFICATION_OFFICER)),
        kpk_grat=make_user("grat@kpk.example.org", (personas.kpk, Role.GRATIFICATION_OFFICER)),
        asn_a2=make_user("asn2@example.org", (personas.unit_a, Role.CIVIL_SERVANT)),
    )


@pytest.fixture(autouse=True)
def _private_media(
    settings: SettingsWrapper, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Evidence files land in a throwaway private storage."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private"},
        },
    }
    monkeypatch.setattr(Evidence._meta.get_field("file"), "storage", storages["private"])

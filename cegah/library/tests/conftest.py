from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from pytest_django.fixtures import Settings as SettingsWrapper

from cegah.accounts.models import Role, User
from cegah.test import Personas, make_user


@pytest.fixture(autouse=True)
def _throwaway_media(settings: SettingsWrapper, tmp_path: Path) -> None:
    """Pictures, renditions, videos and posters land in a throwaway folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@dataclass
class Editors:
    kpk: User  # editor at KPK
    a: User  # editor at agency A (Pemkab Klaten)
    b: User  # editor at agency B (Pemprov Bali)


@pytest.fixture
def editors(personas: Personas) -> Editors:
    return Editors(
        kpk=make_user("editor.kpk@example.org", (personas.kpk, Role.EDITOR)),
        a=make_user("editor.a@example.org", (personas.agency_a, Role.EDITOR)),
        b=make_user("editor.b@example.org", (personas.agency_b, Role.EDITOR)),
    )

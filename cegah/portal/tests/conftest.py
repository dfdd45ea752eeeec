from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from pytest_django.fixtures import Settings as SettingsWrapper
from wagtail.images import get_image_model

from cegah.portal.actions import PortalTree, ensure_portal_tree


@pytest.fixture(autouse=True)
def _media(settings: SettingsWrapper, tmp_path: Path) -> None:
    """Images and renditions land in a throwaway folder, never in var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def tree(db: None) -> PortalTree:
    return ensure_portal_tree()


@pytest.fixture
def image(db: None) -> object:
    picture = PILImage.new("RGB", (1200, 675), (11, 93, 75))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG")
    model = get_image_model()
    img = model(title="Gambar uji", width=1200, height=675)
    img.file = ImageFile(buffer, name="uji.jpg")
    img.save()
    return img

"""Pictures are served as Wagtail renditions in the feed, story and square formats."""

from __future__ import annotations

import pytest
from PIL import Image

from cegah.library.models import FORMAT_SIZES, LibraryItem
from cegah.library.tests.factories import make_item
from cegah.test import Personas


def _size(item: LibraryItem, fmt: str) -> tuple[int, int]:
    rendition = item.image.get_rendition(  # type: ignore[union-attr]
        __import__("cegah.library.models", fromlist=["FORMATS"]).FORMATS[fmt]
    )
    with rendition.file.open("rb") as stored, Image.open(stored) as picture:
        assert picture.format == "JPEG"
        return picture.size


def test_renditions_have_the_sizes_of_each_format(personas: Personas) -> None:
    item = make_item(personas.kpk, image=True)
    for fmt, size in FORMAT_SIZES.items():
        assert _size(item, fmt) == size
        assert item.rendition_url(fmt).startswith("/media/images/")
    assert len(set(item.rendition_urls().values())) == 3


def test_renditions_are_made_when_the_picture_is_stored(personas: Personas) -> None:
    item = make_item(personas.kpk, image=True)
    specs = set(item.image.renditions.values_list("filter_spec", flat=True))  # type: ignore[union-attr]
    from cegah.library.models import ALL_SPECS

    assert specs == set(ALL_SPECS)


def test_srcset_offers_phone_sizes_and_the_full_file(personas: Personas) -> None:
    item = make_item(personas.kpk, image=True)
    srcset = item.srcset("feed")
    assert " 360w" in srcset and " 720w" in srcset and " 1080w" in srcset


def test_unknown_format_is_an_error(personas: Personas) -> None:
    item = make_item(personas.kpk, image=True)
    with pytest.raises(ValueError):
        item.rendition_url("banner")


def test_item_without_picture_has_no_rendition(personas: Personas) -> None:
    item = make_item(personas.kpk)
    assert item.rendition_url("story") == ""

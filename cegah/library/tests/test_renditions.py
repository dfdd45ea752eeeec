"""Pictures are served in the feed, story and square formats: each exactly its declared size,
with the whole picture in it (fitted on its own edge colour, never cropped or enlarged)."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.images import ImageFile
from django.test import Client
from django.urls import reverse
from PIL import Image, ImageDraw
from wagtail.images import get_image_model

from cegah.library.models import ALL_SPECS, FORMAT_SIZES, FORMATS, LibraryItem, Topic
from cegah.library.renditions import border_colour, letterbox
from cegah.library.tests.conftest import Editors
from cegah.library.tests.factories import make_item, upload
from cegah.test import PASSWORD, Personas

NAVY = (20, 40, 90)


def poster(width: int = 1080, height: int = 1350, background: str = "white") -> bytes:
    """A poster whose text runs to its edges: a black block in each corner and a red line
    of "text" along the left and the right edge, which a centre crop would cut away."""
    picture = Image.new("RGB", (width, height), background)
    pen = ImageDraw.Draw(picture)
    block = 60
    for x, y in ((0, 0), (width - block, 0), (0, height - block), (width - block, height - block)):
        pen.rectangle((x, y, x + block - 1, y + block - 1), fill="black")
    pen.rectangle((0, height // 2 - 20, 40, height // 2 + 20), fill=(220, 0, 0))
    pen.rectangle((width - 41, height // 2 - 20, width - 1, height // 2 + 20), fill=(220, 0, 0))
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


def _open(data: bytes) -> Image.Image:
    picture = Image.open(io.BytesIO(data))
    picture.load()
    return picture.convert("RGB")


def _rendition(item: LibraryItem, fmt: str) -> Image.Image:
    rendition = item.image.get_rendition(FORMATS[fmt])  # type: ignore[union-attr]
    with rendition.file.open("rb") as stored, Image.open(stored) as picture:
        assert picture.format == "JPEG"
        return picture.convert("RGB")


def _close(pixel: tuple[int, ...], colour: tuple[int, int, int], tolerance: int = 24) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, colour, strict=False))


def _login(client: Client, user: object) -> None:
    assert client.login(email=user.email, password=PASSWORD)  # type: ignore[attr-defined]


def test_every_format_is_exactly_its_declared_size_whatever_the_pictures_shape(
    personas: Personas,
) -> None:
    for width, height in ((1080, 1350), (1920, 1080), (1500, 1100)):
        item = make_item(personas.kpk, image=True, title=f"{width}x{height}")
        item.image.file.save(  # type: ignore[union-attr]
            "p.png", ImageFile(io.BytesIO(poster(width, height))), save=False
        )
        image = item.image
        assert image is not None
        image.width, image.height = width, height
        image.save()
        image.renditions.all().delete()
        for fmt, size in FORMAT_SIZES.items():
            assert _rendition(item, fmt).size == size, (width, height, fmt)


def test_a_4_5_adaptation_downloads_as_a_whole_1080_by_1920_story_on_the_page(
    client: Client, personas: Personas, editors: Editors
) -> None:
    """What the Bali editor did: adapt an item with a 4:5 poster, then take its 9:16 file."""
    original = make_item(personas.kpk, title="Asli KPK", image=True)
    _login(client, editors.b)
    response = client.post(
        reverse("library:adapt", args=[original.pk]),
        {
            "kind": "image",
            "title": "Poster Bali 4:5",
            "caption": "Tolak gratifikasi #Bali",
            "topics": [Topic.objects.get(slug="gratifikasi").pk],
            "audiences": ["asn"],
            "licence": "cc-by-4.0",
            "attribution": "Pemprov Bali",
            "is_published": "on",
            "image": upload("poster.png", poster(), "image/png"),
        },
    )
    assert response.status_code == 302
    item = LibraryItem.objects.get(title="Poster Bali 4:5")
    page = client.get(item.get_absolute_url()).content.decode()
    story_url = item.rendition_url("story")
    assert f'href="{story_url}"' in page
    assert "1080 × 1920 JPEG" in page and "1080 × 1350 JPEG" in page
    assert "1080 × 1080 JPEG" in page
    assert "760" not in re.sub(r'"[^"]*"', "", page)  # no cropped size anywhere in the text

    story = _rendition(item, "story")
    assert story.size == (1080, 1920)
    # The 1080 × 1350 poster sits unscaled in the middle: 285 pixels of white above and below.
    top = (1920 - 1350) // 2
    assert _close(story.getpixel((540, 10)), (255, 255, 255))
    assert _close(story.getpixel((540, 1910)), (255, 255, 255))
    # Nothing of the poster is cut: its four corners and both edge lines are all there.
    for x, y in ((20, top + 20), (1060, top + 20), (20, top + 1330), (1060, top + 1330)):
        assert _close(story.getpixel((x, y)), (0, 0, 0)), (x, y)
    assert _close(story.getpixel((15, top + 675)), (220, 0, 0))
    assert _close(story.getpixel((1065, top + 675)), (220, 0, 0))


def test_a_tall_picture_in_the_square_format_is_fitted_not_cropped(personas: Personas) -> None:
    square = letterbox(_open(poster(1080, 1920)), 1080, 1080)
    assert square.size == (1080, 1080)
    # 1080 × 1920 fits as 608 × 1080: bands of 236 pixels left and right, corners kept.
    assert _close(square.getpixel((100, 540)), (255, 255, 255))
    assert _close(square.getpixel((980, 540)), (255, 255, 255))
    assert _close(square.getpixel((245, 10)), (0, 0, 0))
    assert _close(square.getpixel((835, 1070)), (0, 0, 0))


def test_the_bands_take_the_colour_of_the_pictures_own_edge(personas: Personas) -> None:
    navy = _open(poster(1080, 1350, background="#14285a"))
    assert _close(border_colour(navy), NAVY, tolerance=4)
    story = letterbox(navy, 1080, 1920)
    assert _close(story.getpixel((540, 5)), NAVY, tolerance=4)
    assert _close(story.getpixel((540, 1915)), NAVY, tolerance=4)


def test_transparency_is_laid_on_white() -> None:
    clear = Image.new("RGBA", (1080, 1350), (0, 0, 0, 0))
    story = letterbox(clear, 1080, 1920)
    assert story.mode == "RGB"
    assert _close(story.getpixel((540, 960)), (255, 255, 255))


def test_a_picture_too_small_for_a_format_is_refused_with_a_reason_not_enlarged(
    client: Client, personas: Personas
) -> None:
    """Pictures stored before the 1080-pixel rule (or by another way in) are not stretched."""
    item = make_item(personas.kpk, image=True, title="Gambar lama")
    image_model = get_image_model()
    small = image_model(title="kecil", file=ImageFile(io.BytesIO(poster(900, 1200)), name="k.png"))
    small.save()
    LibraryItem.objects.filter(pk=item.pk).update(image=small)
    item.refresh_from_db()
    assert item.rendition_url("story") == "" and item.rendition_url("feed") == ""
    refusal = item.format_refusal("story")
    assert "900 × 1200" in refusal and "1920" in refusal
    # 1200 pixels high reach the square's 1080: that one is made, at its full size.
    assert _rendition(item, "square").size == (1080, 1080)
    page = client.get(item.get_absolute_url()).content.decode()
    assert page.count("Tidak ditawarkan: gambar berukuran 900 × 1200 piksel") == 2
    assert "1080 × 1080 JPEG" in page and "1080 × 1920 JPEG" not in page
    api = client.get(f"/api/v1/library/{item.pk}").json()
    assert api["renditions"]["feed"] is None and api["renditions"]["story"] is None
    assert api["renditions"]["square"].startswith("http://testserver/media/images/")


def test_a_picture_that_reaches_one_side_of_a_format_is_offered(personas: Personas) -> None:
    item = make_item(personas.kpk, image=True)
    image = item.image
    assert image is not None
    image.file.save("w.png", ImageFile(io.BytesIO(poster(2000, 1000))), save=False)
    image.width, image.height = 2000, 1000
    image.save()
    image.renditions.all().delete()
    assert item.format_refusal("story") == ""
    assert _rendition(item, "story").size == (1080, 1920)


def test_renditions_are_made_when_the_picture_is_stored(personas: Personas) -> None:
    item = make_item(personas.kpk, image=True)
    specs = set(item.image.renditions.values_list("filter_spec", flat=True))  # type: ignore[union-attr]
    assert specs == set(ALL_SPECS)


def test_srcset_offers_phone_sizes_and_the_full_file(personas: Personas) -> None:
    item = make_item(personas.kpk, image=True)
    srcset = item.srcset("feed")
    assert " 360w" in srcset and " 720w" in srcset and " 1080w" in srcset
    assert len(set(item.rendition_urls().values())) == 3


def test_unknown_format_is_an_error(personas: Personas) -> None:
    item = make_item(personas.kpk, image=True)
    with pytest.raises(ValueError):
        item.rendition_url("banner")


def test_item_without_picture_has_no_rendition(personas: Personas) -> None:
    item = make_item(personas.kpk)
    assert item.rendition_url("story") == ""
    assert item.formats() == []

"""The difference hash: the same picture re-sent stays close, a different one is far."""

from __future__ import annotations

import io
import random

import pytest
from PIL import Image, ImageDraw, ImageFont

from cegah.lib.imagehash import SAME_PICTURE_BITS, dhash_hex, distance

SEEDS = range(8)


def poster(
    seed: int, caption: str = "SEBARKAN!", size: tuple[int, int] = (600, 800)
) -> Image.Image:
    """A made-up hoax poster: coloured shapes and a black caption bar at the bottom, the way
    edited pictures travel on WhatsApp. The same seed draws the same picture."""
    rnd = random.Random(seed)
    width, height = size

    def colour() -> tuple[int, int, int]:
        return (rnd.randrange(256), rnd.randrange(256), rnd.randrange(256))

    image = Image.new("RGB", size, colour())
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x, y = rnd.randrange(width), rnd.randrange(height)
        draw.rectangle(
            [x, y, x + rnd.randrange(40, 300), y + rnd.randrange(40, 300)], fill=colour()
        )
    for _ in range(6):
        x, y = rnd.randrange(width), rnd.randrange(height)
        draw.ellipse([x, y, x + width, y + height], fill=colour())
    bar = height * 70 // 800
    draw.rectangle([0, height - bar, width, height], fill=(0, 0, 0))
    font = ImageFont.load_default(size=max(10, bar * 2 // 5))
    draw.text((width // 30, height - bar * 4 // 5), caption, fill=(255, 255, 255), font=font)
    return image


def encode(image: Image.Image, fmt: str = "PNG", **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, format=fmt, **options)
    return out.getvalue()


@pytest.mark.parametrize("seed", SEEDS)
def test_a_picture_recompressed_as_jpeg_quality_40_stays_the_same_picture(seed: int) -> None:
    original = dhash_hex(encode(poster(seed)))
    recompressed = dhash_hex(encode(poster(seed), "JPEG", quality=40))
    assert distance(original, recompressed) <= SAME_PICTURE_BITS


@pytest.mark.parametrize("seed", SEEDS)
def test_a_picture_resized_to_half_stays_the_same_picture(seed: int) -> None:
    original = dhash_hex(encode(poster(seed)))
    half = dhash_hex(encode(poster(seed).resize((300, 400)), "JPEG", quality=85))
    assert distance(original, half) <= SAME_PICTURE_BITS


@pytest.mark.parametrize("seed", SEEDS)
def test_a_picture_with_its_caption_changed_stays_the_same_picture(seed: int) -> None:
    original = dhash_hex(encode(poster(seed)))
    recaptioned = poster(seed, caption="Info dari grup sebelah, segera bagikan")
    assert distance(original, dhash_hex(encode(recaptioned, "JPEG", quality=70))) <= (
        SAME_PICTURE_BITS
    )


@pytest.mark.parametrize("seed", SEEDS)
def test_a_different_picture_is_far_beyond_the_threshold(seed: int) -> None:
    assert distance(dhash_hex(encode(poster(seed))), dhash_hex(encode(poster(seed + 100)))) > (
        2 * SAME_PICTURE_BITS
    )


def test_the_hash_is_sixteen_hex_digits_and_the_same_bytes_give_the_same_hash() -> None:
    value = dhash_hex(encode(poster(1)))
    assert len(value) == 16 and int(value, 16) >= 0
    assert dhash_hex(encode(poster(1))) == value


def test_a_transparent_picture_is_compared_as_if_on_white() -> None:
    # A sticker cut out on a transparent background whose hidden pixels are black.
    picture = poster(2).crop((0, 0, 600, 400))
    transparent = Image.new("RGBA", (600, 800), (0, 0, 0, 0))
    transparent.paste(picture, (0, 0))
    opaque = Image.new("RGB", (600, 800), (255, 255, 255))
    opaque.paste(picture, (0, 0))
    assert dhash_hex(encode(transparent)) == dhash_hex(encode(opaque))


def test_a_plain_or_unreadable_picture_has_no_hash() -> None:
    assert dhash_hex(encode(Image.new("RGB", (300, 200), (240, 240, 240)))) == ""
    assert dhash_hex(b"not an image at all") == ""

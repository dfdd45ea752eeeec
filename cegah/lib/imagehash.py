"""Perceptual image hashes: the same picture re-sent, re-compressed, resized or with a small
caption changed gets a hash a few bits away from the original's.

The difference hash (dHash) reads the picture as a 9×8 grey thumbnail and writes one bit per
pair of horizontal neighbours: 1 where the right one is brighter. Re-encoding and resizing
barely move the thumbnail, so few bits flip; a different picture flips about half of them.
Written here rather than taken from `imagehash`, which pulls numpy, scipy and PyWavelets for
these few lines (see docs/decisions/0005-image-hash.md).
"""

from __future__ import annotations

import io

from PIL import Image, UnidentifiedImageError

BITS = 64
# Two hashes at most this many bits apart are taken for the same picture. Measured on 200
# generated posters (cegah/lib/tests/test_imagehash.py makes the same kind): JPEG quality 40
# and half size flip at most 6 bits; a changed caption bar in the bottom eighth rewrites at
# most the thumbnail's last row (8 bits) and, resized and re-encoded too, reached 9; two
# different posters were never closer than 18 (random hashes differ by 32 ± 4). 10 keeps the
# caption case with a bit of margin; two random hashes fall within it once in 10^8.
SAME_PICTURE_BITS = 10
_WIDTH, _HEIGHT = 9, 8
# Fewer set (or unset) bits than this: a nearly uniform picture (blank, one colour, a
# smooth gradient), whose hash says little and would match every other plain picture.
MIN_DETAIL_BITS = 6


def dhash(image: Image.Image) -> int:
    """The 64-bit difference hash of a decoded picture."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        # Transparent pixels may hold any colour: flatten them onto white first.
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(background, rgba)
    grey = image.convert("L").resize((_WIDTH, _HEIGHT), Image.Resampling.LANCZOS)
    pixels = grey.tobytes()  # "L" mode: one byte a pixel, row by row
    value = 0
    for row in range(_HEIGHT):
        start = row * _WIDTH
        for col in range(_WIDTH - 1):
            value = (value << 1) | (pixels[start + col + 1] > pixels[start + col])
    return value


def dhash_hex(data: bytes) -> str:
    """The hash of an encoded picture as 16 hex digits; empty when it cannot be read or is
    too plain to compare (see `MIN_DETAIL_BITS`)."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            value = dhash(image)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return ""
    if not MIN_DETAIL_BITS <= value.bit_count() <= BITS - MIN_DETAIL_BITS:
        return ""
    return f"{value:016x}"


def distance(a: str, b: str) -> int:
    """How many of the 64 bits differ between two hex hashes."""
    return (int(a, 16) ^ int(b, 16)).bit_count()

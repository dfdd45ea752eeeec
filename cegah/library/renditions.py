"""Picture formats that keep the whole picture: fit inside the format, then fill the rest.

Wagtail's `fill-WxH` crops to the format's shape around the centre, and never upscales, so a
4:5 poster asked for as 9:16 came out 760 × 1350 with the sides of its text cut away. The
`letterbox-WxH` operation registered here (`wagtail_hooks.py`) scales the whole picture down
until it fits inside W × H and puts it in the middle of a W × H canvas of the colour its own
border has (a poster on white gets white bands, one on navy navy bands). Every rendition is
then exactly the declared size, and nothing of the picture is lost.

It never scales up: a picture too small for a format (neither side reaches the format's) is
refused for that format by `format_refusal()` rather than stretched into a blurred file.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from PIL import Image
from wagtail.images.image_operations import FilterOperation
from willow.plugins.pillow import PillowImage

# How much of each edge decides the background colour: a thin frame, at least one pixel.
BORDER_SHARE = 0.01


def _median(histogram: list[int]) -> int:
    """The median value of one 256-bin channel histogram."""
    half = (sum(histogram) + 1) // 2
    running = 0
    for value, count in enumerate(histogram):
        running += count
        if running >= half:
            return value
    return 255


def border_colour(picture: Image.Image) -> tuple[int, int, int]:
    """The median colour of the picture's outer frame (RGB)."""
    width, height = picture.size
    band = max(1, round(min(width, height) * BORDER_SHARE))
    strips = [
        picture.crop((0, 0, width, band)),
        picture.crop((0, height - band, width, height)),
        picture.crop((0, band, band, height - band)) if height > 2 * band else None,
        picture.crop((width - band, band, width, height - band)) if height > 2 * band else None,
    ]
    totals = [0] * 768
    for strip in strips:
        if strip is None or 0 in strip.size:
            continue
        for index, count in enumerate(strip.histogram()):
            totals[index] += count
    red, green, blue = (_median(totals[start : start + 256]) for start in (0, 256, 512))
    return red, green, blue


def _flatten(picture: Image.Image) -> Image.Image:
    """RGB pixels; transparency is laid on white, as Wagtail does for JPEG."""
    if picture.mode in ("RGBA", "LA") or (picture.mode == "P" and "transparency" in picture.info):
        rgba = picture.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return picture.convert("RGB")


def letterbox(picture: Image.Image, width: int, height: int) -> Image.Image:
    """The whole picture, scaled down to fit inside `width` × `height` (never up), centred
    on a canvas of exactly that size filled with the picture's border colour."""
    source = _flatten(picture)
    scale = min(width / source.width, height / source.height, 1.0)
    inner = (
        max(1, min(width, round(source.width * scale))),
        max(1, min(height, round(source.height * scale))),
    )
    if inner != source.size:
        source = source.resize(inner, Image.Resampling.LANCZOS)
    canvas = Image.new("RGB", (width, height), border_colour(source))
    canvas.paste(source, ((width - inner[0]) // 2, (height - inner[1]) // 2))
    return canvas


def parse_size(size: str) -> tuple[int, int]:
    width, _sep, height = size.partition("x")
    if not (width.isdigit() and height.isdigit()) or int(width) < 1 or int(height) < 1:
        raise ValueError(f"letterbox needs a size like 1080x1920, not {size!r}")
    return int(width), int(height)


class LetterboxOperation(FilterOperation):
    """`letterbox-WxH`: the picture fitted inside W × H on its border colour (see above)."""

    def construct(self, size: str) -> None:
        self.width, self.height = parse_size(size)

    def run(self, willow: Any, image: Any, env: dict[str, Any]) -> PillowImage:
        picture = willow.get_pillow_image()
        return PillowImage(letterbox(picture, self.width, self.height))


def fits_without_upscaling(source: tuple[int, int], target: tuple[int, int]) -> bool:
    """Whether a picture of `source` size fills `target` along one side at least, so the
    letterboxed rendition is made without enlarging it."""
    return source[0] >= target[0] or source[1] >= target[1]


def format_refusal(source: tuple[int, int], target: tuple[int, int]) -> str:
    """Why a picture of `source` size is not offered in the `target` format; "" when it is."""
    if fits_without_upscaling(source, target):
        return ""
    return _(
        "Not offered: the picture is %(width)s × %(height)s pixels, and this format needs "
        "at least %(target_width)s pixels across or %(target_height)s pixels high."
    ) % {
        "width": source[0],
        "height": source[1],
        "target_width": target[0],
        "target_height": target[1],
    }

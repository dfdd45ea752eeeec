"""Checks on library uploads, by content (libmagic through `cegah.lib.uploads`), not by name.

Images (JPEG, PNG, WebP, at most 10 MB, at least 1080 × 1080 pixels) are re-encoded from
their pixels, so no metadata survives. Posters must be complete PDFs of at most 20 MB
without scripts. Videos (MP4 or WebM, at most 200 MB) are sniffed from their first bytes
and then streamed to storage: Django has already spooled a large upload to a temporary
file, and nothing here reads the whole file into memory. Captions are WebVTT: UTF-8 text
that starts with `WEBVTT`, at most 1 MB, stored under a neutral `.vtt` name.
"""

from __future__ import annotations

import io

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image

from cegah.lib.uploads import IMAGE_TYPES, MB, PDF_TYPE, CleanFile, clean_upload, sniff

IMAGE_MAX_BYTES = 10 * MB
POSTER_MAX_BYTES = 20 * MB
VIDEO_MAX_BYTES = 200 * MB
CAPTIONS_MAX_BYTES = 1 * MB
MIN_IMAGE_SIDE = 1080
VIDEO_TYPES = {"video/mp4": "mp4", "video/webm": "webm"}
# How much of the head libmagic needs to tell the container.
_SNIFF_BYTES = 8192


def _too_large(name: str, limit: int) -> ValidationError:
    return ValidationError(
        _("“%(name)s” is larger than %(limit)s MB.") % {"name": name, "limit": limit // MB},
        code="too_large",
    )


def clean_image(upload: UploadedFile) -> CleanFile:
    """A JPEG, PNG or WebP picture, re-encoded without metadata; anything else is refused."""
    try:
        cleaned = clean_upload(
            upload, allowed=frozenset(IMAGE_TYPES), max_bytes=IMAGE_MAX_BYTES, stem="image"
        )
    except ValidationError as exc:
        if getattr(exc, "code", None) == "type":
            raise ValidationError(
                _("“%(name)s” is not a JPEG, PNG or WebP image.") % {"name": upload.name},
                code="type",
            ) from exc
        raise
    with Image.open(io.BytesIO(cleaned.data)) as picture:
        width, height = picture.size
    if min(width, height) < MIN_IMAGE_SIDE:
        raise ValidationError(
            _(
                "“%(name)s” is %(width)s × %(height)s pixels; the library needs at least "
                "%(side)s × %(side)s so every format is sharp."
            )
            % {"name": upload.name, "width": width, "height": height, "side": MIN_IMAGE_SIDE},
            code="too_small",
        )
    return cleaned


def clean_poster(upload: UploadedFile) -> CleanFile:
    """A complete PDF without scripts or embedded files."""
    try:
        return clean_upload(
            upload, allowed=frozenset({PDF_TYPE}), max_bytes=POSTER_MAX_BYTES, stem="poster"
        )
    except ValidationError as exc:
        if getattr(exc, "code", None) == "type":
            raise ValidationError(
                _("“%(name)s” is not a PDF file.") % {"name": upload.name}, code="type"
            ) from exc
        raise


def check_video(upload: UploadedFile) -> str:
    """Check an MP4 or WebM video by its first bytes and its size; returns the file extension.

    The upload is left rewound, ready to be streamed to storage in chunks."""
    name = upload.name or ""
    if upload.size is None or upload.size > VIDEO_MAX_BYTES:
        raise _too_large(name, VIDEO_MAX_BYTES)
    if upload.size == 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name}, code="empty")
    upload.seek(0)
    head = upload.read(_SNIFF_BYTES)
    upload.seek(0)
    content_type = sniff(head)
    if content_type not in VIDEO_TYPES:
        raise ValidationError(
            _("“%(name)s” is not an MP4 or WebM video.") % {"name": name}, code="type"
        )
    return VIDEO_TYPES[content_type]


def clean_captions(upload: UploadedFile) -> CleanFile:
    """A WebVTT captions file: UTF-8 text whose first line starts with `WEBVTT`."""
    name = upload.name or ""
    if upload.size is not None and upload.size > CAPTIONS_MAX_BYTES:
        raise _too_large(name, CAPTIONS_MAX_BYTES)
    upload.seek(0)
    data = upload.read(CAPTIONS_MAX_BYTES + 1)
    if len(data) > CAPTIONS_MAX_BYTES:
        raise _too_large(name, CAPTIONS_MAX_BYTES)
    if not data:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name}, code="empty")
    not_webvtt = ValidationError(
        _("“%(name)s” is not a WebVTT captions file (UTF-8 text starting with “WEBVTT”).")
        % {"name": name},
        code="type",
    )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise not_webvtt from exc
    text = text.removeprefix("\ufeff")
    # The signature is `WEBVTT` alone or followed by a space or tab (WebVTT spec, 4.1);
    # a NUL byte means a binary file that happens to decode.
    first_line = text.splitlines()[0] if text else ""
    if first_line != "WEBVTT" and not first_line.startswith(("WEBVTT ", "WEBVTT\t")):
        raise not_webvtt
    if "\x00" in text:
        raise not_webvtt
    return CleanFile(
        data=data, content_type="text/vtt", name="captions.vtt", original_name=name[:255]
    )

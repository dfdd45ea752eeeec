"""Safe evidence uploads: the type is sniffed from the content, images are re-encoded without
metadata (EXIF, GPS, XMP, comments), PDFs are checked to be PDFs without active content.

Used by every module that accepts files from the public or from civil servants.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import magic
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MB = 1024 * 1024
IMAGE_TYPES = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
PDF_TYPE = "application/pdf"
EVIDENCE_TYPES = frozenset({*IMAGE_TYPES, PDF_TYPE})
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", PDF_TYPE: "pdf"}
# PDF features that run code or open other things when the file is opened.
_ACTIVE_PDF = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile|RichMedia|OpenAction)\b")
# Larger images are refused rather than decoded (decompression bombs).
MAX_PIXELS = 40_000_000


@dataclass(frozen=True)
class CleanFile:
    """What is safe to store: the bytes, the sniffed type and a neutral file name."""

    data: bytes
    content_type: str
    name: str
    original_name: str

    @property
    def size(self) -> int:
        return len(self.data)


def sniff(data: bytes) -> str:
    """The MIME type libmagic reads from the content, whatever the name or header says."""
    return str(magic.from_buffer(data[:8192], mime=True))


def clean_upload(
    upload: UploadedFile,
    *,
    allowed: frozenset[str] = EVIDENCE_TYPES,
    max_bytes: int = 10 * MB,
    stem: str = "file",
) -> CleanFile:
    """Check and clean one uploaded file; raises ValidationError with a reason a person understands."""
    original = upload.name or ""
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError(
            _("“%(name)s” is larger than %(limit)s MB.")
            % {"name": original, "limit": max_bytes // MB},
            code="too_large",
        )
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValidationError(
            _("“%(name)s” is larger than %(limit)s MB.")
            % {"name": original, "limit": max_bytes // MB},
            code="too_large",
        )
    if not data:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": original}, code="empty")
    content_type = sniff(data)
    if content_type not in allowed:
        raise ValidationError(
            _("“%(name)s” is not an accepted file type (JPEG, PNG, WebP or PDF).")
            % {"name": original},
            code="type",
        )
    if content_type in IMAGE_TYPES:
        data = _reencode_image(data, IMAGE_TYPES[content_type], original)
    else:
        _check_pdf(data, original)
    return CleanFile(
        data=data,
        content_type=content_type,
        name=f"{stem}.{EXTENSIONS[content_type]}",
        original_name=original[:255],
    )


def _reencode_image(data: bytes, fmt: str, original: str) -> bytes:
    """Decode and encode again from pixels only, so no metadata survives; keep the orientation."""
    broken = ValidationError(
        _("“%(name)s” could not be read as an image.") % {"name": original}, code="broken"
    )
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(
                    _("“%(name)s” has too many pixels.") % {"name": original}, code="too_large"
                )
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            upright = ImageOps.exif_transpose(image)
            mode = "RGBA" if fmt != "JPEG" and upright.mode in ("RGBA", "LA", "P") else "RGB"
            pixels = upright.convert(mode)
            clean = Image.new(mode, pixels.size)
            clean.paste(pixels)
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
    ) as exc:
        raise broken from exc
    out = io.BytesIO()
    options: dict[str, object] = {"quality": 85, "optimize": True} if fmt == "JPEG" else {}
    clean.save(out, format=fmt, **options)
    return out.getvalue()


def _check_pdf(data: bytes, original: str) -> None:
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-2048:]:
        raise ValidationError(
            _("“%(name)s” is not a complete PDF file.") % {"name": original}, code="broken"
        )
    if _ACTIVE_PDF.search(data):
        raise ValidationError(
            _(
                "“%(name)s” contains scripts or embedded files; save it as a plain PDF and try again."
            )
            % {"name": original},
            code="active",
        )

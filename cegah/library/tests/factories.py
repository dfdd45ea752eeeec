"""Plain functions that make library test data."""

from __future__ import annotations

import io
import struct
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cegah.accounts.models import User
from cegah.agencies.models import Agency
from cegah.lib.uploads import CleanFile
from cegah.library import actions
from cegah.library.actions import ItemFiles
from cegah.library.models import Kind, LibraryItem, Licence, Topic


def picture(width: int = 1080, height: int = 1920, fmt: str = "PNG", colour: str = "red") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, format=fmt)
    return out.getvalue()


def clean_picture(width: int = 1080, height: int = 1920) -> CleanFile:
    return CleanFile(
        data=picture(width, height), content_type="image/png", name="image.png", original_name="x"
    )


def pdf() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (200, 300), "blue").save(out, format="PDF")
    return out.getvalue()


def _box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def mp4() -> bytes:
    """The head of an ISO base media file (ftyp, free, mdat): what libmagic reads as MP4."""
    return (
        _box(b"ftyp", b"isom\x00\x00\x02\x00isomiso2avc1mp41")
        + _box(b"free", b"")
        + _box(b"mdat", b"\x00" * 256)
    )


def webm() -> bytes:
    """An EBML header with the DocType `webm`."""
    return (
        bytes.fromhex("1a45dfa39f4286810142f7810142f2810442f381084282847765626d4287810442858102")
        + b"\x00" * 64
    )


def upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> Any:
    return SimpleUploadedFile(name, data, content_type=content_type)


def make_item(
    agency: Agency,
    *,
    actor: User | None = None,
    title: str = "Tolak gratifikasi",
    kind: str = Kind.CAPTION,
    published: bool = True,
    topics: tuple[str, ...] = ("gratifikasi",),
    image: bool = False,
    licence: str = Licence.CC_BY,
    caption: str = "Tolak gratifikasi! #TolakGratifikasi",
    adapted_from: LibraryItem | None = None,
    **extra: Any,
) -> LibraryItem:
    data = {
        "kind": Kind.IMAGE if image and kind == Kind.CAPTION else kind,
        "title": title,
        "caption": caption,
        "licence": licence,
        "attribution": str(agency.short_name or agency.name),
        "is_published": published,
        "for_civil_servants": True,
        **extra,
    }
    item, _created = actions.create_item(
        actor=actor,
        agency=agency,
        data=data,
        topics=Topic.objects.filter(slug__in=topics),
        files=ItemFiles(image=clean_picture() if image else None),
        adapted_from=adapted_from,
    )
    return item

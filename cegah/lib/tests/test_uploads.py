from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cegah.lib.uploads import MB, clean_upload


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 20), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90° to be upright
    gps = {1: "S", 2: (7.0, 42.0, 0.0), 3: "E", 4: (110.0, 36.0, 0.0)}
    exif[0x8825] = gps
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes(), comment=b"secret comment")
    return out.getvalue()


def _pdf(body: bytes = b"") -> bytes:
    return b"%PDF-1.4\n1 0 obj << /Type /Catalog " + body + b" >> endobj\ntrailer\n%%EOF\n"


def test_images_lose_exif_gps_and_comments_but_keep_their_orientation() -> None:
    raw = _jpeg_with_gps()
    assert b"PhoneMaker" in raw
    clean = clean_upload(SimpleUploadedFile("IMG_0001.JPG", raw, "image/jpeg"), stem="evidence-1")
    assert clean.content_type == "image/jpeg"
    assert clean.name == "evidence-1.jpg"
    assert clean.original_name == "IMG_0001.JPG"
    assert b"PhoneMaker" not in clean.data
    assert b"secret comment" not in clean.data
    with Image.open(io.BytesIO(clean.data)) as image:
        assert not image.getexif()
        assert image.size == (20, 40)  # rotated upright, as the phone showed it


def test_png_is_reencoded_and_its_text_chunks_dropped() -> None:
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", "Nama Pelapor")
    out = io.BytesIO()
    Image.new("RGBA", (8, 8)).save(out, format="PNG", pnginfo=info)
    clean = clean_upload(SimpleUploadedFile("a.png", out.getvalue()))
    assert clean.content_type == "image/png"
    assert b"Nama Pelapor" not in clean.data


def test_the_type_comes_from_the_content_not_the_name() -> None:
    fake = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00 this is a windows program", "image/jpeg")
    with pytest.raises(ValidationError) as exc:
        clean_upload(fake)
    assert exc.value.code == "type"
    pdf = clean_upload(SimpleUploadedFile("scan.jpg", _pdf(), "image/jpeg"))
    assert (pdf.content_type, pdf.name) == ("application/pdf", "file.pdf")


def test_pdfs_with_scripts_or_truncated_are_refused() -> None:
    with pytest.raises(ValidationError) as exc:
        clean_upload(SimpleUploadedFile("a.pdf", _pdf(b"/OpenAction << /S /JavaScript >>")))
    assert exc.value.code == "active"
    with pytest.raises(ValidationError) as exc:
        clean_upload(SimpleUploadedFile("b.pdf", _pdf()[:-8]))
    assert exc.value.code == "broken"


def test_too_large_and_empty_files_are_refused_with_their_name() -> None:
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (2 * MB))
    with pytest.raises(ValidationError, match=r"big\.pdf"):
        clean_upload(big, max_bytes=1 * MB)
    with pytest.raises(ValidationError) as exc:
        clean_upload(SimpleUploadedFile("empty.png", b""))
    assert exc.value.code == "empty"


def test_a_broken_image_is_refused() -> None:
    header_only = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    with pytest.raises(ValidationError) as exc:
        clean_upload(SimpleUploadedFile("broken.png", header_only))
    assert exc.value.code in {"broken", "type"}

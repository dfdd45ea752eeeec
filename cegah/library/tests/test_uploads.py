"""Uploads are judged by their content and size, and a refused file loses nothing typed."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from cegah.library import uploads
from cegah.library.models import LibraryItem, Topic
from cegah.library.tests.conftest import Editors
from cegah.library.tests.factories import mp4, pdf, picture, upload, webm
from cegah.test import PASSWORD


def test_png_is_re_encoded_without_metadata() -> None:
    import io

    from PIL import Image

    source = io.BytesIO()
    image = Image.new("RGB", (1200, 1200), "green")
    exif = Image.Exif()
    exif[0x010E] = "secret description"
    image.save(source, format="JPEG", exif=exif.tobytes())
    cleaned = uploads.clean_image(upload("foto.jpg", source.getvalue()))
    assert cleaned.content_type == "image/jpeg"
    assert b"secret description" not in cleaned.data


def test_text_named_jpg_is_refused() -> None:
    with pytest.raises(ValidationError) as exc:
        uploads.clean_image(upload("poster.jpg", b"just some text, not a picture" * 10))
    assert exc.value.code == "type"
    assert "bukan gambar JPEG, PNG, atau WebP" in exc.value.messages[0]


def test_image_over_ten_megabytes_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    big = upload("big.png", picture())
    monkeypatch.setattr(big, "size", 10 * 1024 * 1024 + 1)
    with pytest.raises(ValidationError) as exc:
        uploads.clean_image(big)
    assert exc.value.code == "too_large"


def test_small_image_is_refused() -> None:
    with pytest.raises(ValidationError) as exc:
        uploads.clean_image(upload("small.png", picture(600, 800)))
    assert exc.value.code == "too_small"
    assert "600 × 800" in exc.value.messages[0]


def test_mp4_and_webm_are_accepted_and_left_rewound() -> None:
    video = upload("klip.mp4", mp4())
    assert uploads.check_video(video) == "mp4"
    assert video.read(8) == mp4()[:8]
    assert uploads.check_video(upload("klip.webm", webm())) == "webm"


def test_executable_renamed_mp4_is_refused() -> None:
    exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
    with pytest.raises(ValidationError) as exc:
        uploads.check_video(upload("video.mp4", exe, "video/mp4"))
    assert exc.value.code == "type"


def test_video_over_the_limit_is_refused_before_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    video = upload("long.mp4", mp4())
    monkeypatch.setattr(video, "size", uploads.VIDEO_MAX_BYTES + 1)

    class Unreadable:
        def read(self, *args: object) -> bytes:
            raise AssertionError("read a file that is too large")

        def seek(self, *args: object) -> int:
            raise AssertionError("touched a file that is too large")

    video.file = Unreadable()
    with pytest.raises(ValidationError) as exc:
        uploads.check_video(video)
    assert exc.value.code == "too_large"


def test_poster_must_be_a_pdf() -> None:
    assert uploads.clean_poster(upload("poster.pdf", pdf())).content_type == "application/pdf"
    with pytest.raises(ValidationError) as exc:
        uploads.clean_poster(upload("poster.pdf", picture(1080, 1080)))
    assert exc.value.code == "type"
    with pytest.raises(ValidationError) as exc:
        uploads.clean_poster(upload("poster.pdf", pdf().replace(b"%%EOF", b"")))
    assert exc.value.code == "broken"


def _form(**values: object) -> dict[str, object]:
    topic = Topic.objects.get(slug="pungli")
    return {
        "kind": "image",
        "title": "Stop pungli di pasar",
        "description": "Infografik retribusi pasar",
        "caption": "Bayar dengan karcis resmi #StopPungli",
        "topics": [topic.pk],
        "audiences": ["public"],
        "licence": "cc-by-4.0",
        "attribution": "Pemkab Klaten",
        "is_published": "on",
        "form_token": "tok-1",
        **values,
    }


def test_refused_upload_keeps_everything_typed(client: Client, editors: Editors) -> None:
    client.login(email=editors.a.email, password=PASSWORD)
    response = client.post(
        reverse("library:new"), _form(image=upload("virus.jpg", b"MZ" + b"\x00" * 300))
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Stop pungli di pasar" in page
    assert "Bayar dengan karcis resmi #StopPungli" in page
    assert "Infografik retribusi pasar" in page
    assert "bukan gambar JPEG, PNG, atau WebP" in page or "not a JPEG, PNG or WebP" in page
    assert not LibraryItem.objects.exists()


def test_video_item_is_streamed_to_storage(client: Client, editors: Editors) -> None:
    client.login(email=editors.a.email, password=PASSWORD)
    response = client.post(
        reverse("library:new"),
        _form(kind="video", title="Video pungli", video=upload("klip.webm", webm())),
    )
    assert response.status_code == 302, response.context["form"].errors
    item = LibraryItem.objects.get()
    assert item.video.name.endswith(".webm")
    with item.video.open("rb") as stored:
        assert stored.read() == webm()


def test_image_kind_needs_its_image(client: Client, editors: Editors) -> None:
    client.login(email=editors.a.email, password=PASSWORD)
    response = client.post(reverse("library:new"), _form())
    assert response.status_code == 400
    assert not LibraryItem.objects.exists()


def test_double_submit_creates_one_item(client: Client, editors: Editors) -> None:
    client.login(email=editors.a.email, password=PASSWORD)
    for _ in range(2):
        response = client.post(reverse("library:new"), _form(kind="caption"))
        assert response.status_code == 302
    assert LibraryItem.objects.count() == 1

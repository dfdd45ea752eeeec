"""Captions (WebVTT) for library videos: checked on upload, played with the video, served as
text/vtt, and kept for the agencies that adopt the item (WCAG 1.2.2)."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from cegah.library.models import Adoption, LibraryItem, Topic
from cegah.library.tests.conftest import Editors
from cegah.library.tests.factories import upload, webm
from cegah.test import PASSWORD, Personas

VTT = "WEBVTT\n\n00:00:00.000 --> 00:00:03.000\nTolak gratifikasi — laporkan ke KPK.\n".encode()
TRACK = '<track kind="captions" srclang="id" label="Bahasa Indonesia" src="'


def _form(**values: Any) -> dict[str, Any]:
    return {
        "kind": "video",
        "title": "Video pungli di pasar",
        "description": "Video singkat retribusi pasar",
        "caption": "Bayar dengan karcis resmi #StopPungli",
        "topics": [Topic.objects.get(slug="gratifikasi").pk],
        "audiences": ["public"],
        "licence": "cc-by-4.0",
        "attribution": "Pemkab Klaten",
        "is_published": "on",
        "video": upload("klip.webm", webm()),
        **values,
    }


def _login(client: Client, editors: Editors) -> None:
    assert client.login(email=editors.a.email, password=PASSWORD)


def _new_item_with_captions(client: Client, editors: Editors) -> LibraryItem:
    _login(client, editors)
    response = client.post(
        reverse("library:new"), _form(captions=upload("teks.srt", VTT, "text/plain"))
    )
    assert response.status_code == 302, response.context["form"].errors
    return LibraryItem.objects.get()


def test_valid_captions_are_stored_with_a_vtt_name_and_played_with_the_video(
    client: Client, editors: Editors
) -> None:
    item = _new_item_with_captions(client, editors)
    assert item.captions.name.endswith(".vtt")
    with item.captions.open("rb") as stored:
        assert stored.read() == VTT
    page = client.get(item.get_absolute_url()).content.decode()
    video = page[page.index("<video") : page.index("</video>")]
    assert f"{TRACK}{item.captions.url}" in video
    assert " default>" in video


def test_served_captions_file_is_text_vtt(client: Client, editors: Editors) -> None:
    item = _new_item_with_captions(client, editors)
    response = client.get(item.captions.url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/vtt")
    assert b"".join(response.streaming_content) == VTT  # type: ignore[attr-defined]


def test_text_that_is_not_webvtt_is_refused_and_everything_typed_is_kept(
    client: Client, editors: Editors
) -> None:
    _login(client, editors)
    srt = b"1\n00:00:00,000 --> 00:00:03,000\nTolak gratifikasi\n"
    response = client.post(reverse("library:new"), _form(captions=upload("teks.vtt", srt)))
    assert response.status_code == 400
    page = response.content.decode()
    assert "bukan berkas teks WebVTT" in page
    assert "Video pungli di pasar" in page
    assert "Bayar dengan karcis resmi #StopPungli" in page
    assert not LibraryItem.objects.exists()


def test_captions_that_are_not_utf8_or_too_large_are_refused(
    client: Client, editors: Editors
) -> None:
    _login(client, editors)
    latin1 = "WEBVTT\n\n00:00.000 --> 00:03.000\nKorupsi merugikan rakyat ¡\n".encode("latin-1")
    response = client.post(reverse("library:new"), _form(captions=upload("a.vtt", latin1)))
    assert response.status_code == 400
    assert "bukan berkas teks WebVTT" in response.content.decode()
    big = VTT + b"\n" * (1024 * 1024)
    response = client.post(reverse("library:new"), _form(captions=upload("b.vtt", big)))
    assert response.status_code == 400
    assert "lebih besar dari 1 MB" in response.content.decode()
    assert not LibraryItem.objects.exists()


def test_captions_on_an_item_that_is_not_a_video_are_refused(
    client: Client, editors: Editors
) -> None:
    _login(client, editors)
    response = client.post(
        reverse("library:new"), _form(kind="caption", video="", captions=upload("a.vtt", VTT))
    )
    assert response.status_code == 400
    assert not LibraryItem.objects.exists()


def test_editing_a_video_adds_captions_and_keeps_the_video(
    client: Client, editors: Editors
) -> None:
    _login(client, editors)
    client.post(reverse("library:new"), _form())
    item = LibraryItem.objects.get()
    video_name = item.video.name
    page = client.get(item.get_absolute_url()).content.decode()
    assert TRACK not in page
    response = client.post(
        reverse("library:edit", args=[item.pk]),
        _form(video="", captions=upload("teks.vtt", VTT)),
    )
    assert response.status_code == 302, response.context["form"].errors
    item.refresh_from_db()
    assert item.video.name == video_name
    assert item.captions.name.endswith(".vtt")
    assert TRACK in client.get(item.get_absolute_url()).content.decode()


def test_adopting_agency_gets_the_item_with_its_captions(
    client: Client, personas: Personas, editors: Editors
) -> None:
    item = _new_item_with_captions(client, editors)
    client.logout()
    assert client.login(email=editors.b.email, password=PASSWORD)
    response = client.post(
        reverse("library:adopt", args=[item.pk]), {"agency": personas.agency_b.pk}
    )
    assert response.status_code == 302
    assert Adoption.objects.get().item == item
    page = client.get(item.get_absolute_url()).content.decode()
    assert "Pemerintah Provinsi Bali memakai materi ini apa adanya." in page
    assert f"{TRACK}{item.captions.url}" in page


def test_adaptation_carries_its_own_captions_like_its_own_video(
    client: Client, personas: Personas, editors: Editors
) -> None:
    original = _new_item_with_captions(client, editors)
    client.logout()
    assert client.login(email=editors.b.email, password=PASSWORD)
    response = client.post(
        reverse("library:adapt", args=[original.pk]),
        _form(title="Versi Bali", attribution="Pemprov Bali", captions=upload("bali.vtt", VTT)),
    )
    assert response.status_code == 302, response.context["form"].errors
    adaptation = LibraryItem.objects.get(title="Versi Bali")
    assert adaptation.adapted_from == original
    assert adaptation.captions.name.endswith(".vtt")
    assert adaptation.captions.name != original.captions.name
    page = client.get(adaptation.get_absolute_url()).content.decode()
    assert f"{TRACK}{adaptation.captions.url}" in page


def test_deleting_an_item_removes_its_captions_file(
    client: Client, editors: Editors, django_capture_on_commit_callbacks: Any
) -> None:
    item = _new_item_with_captions(client, editors)
    storage, name = item.captions.storage, item.captions.name
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("library:delete", args=[item.pk]))
    assert response.status_code == 302
    assert not storage.exists(name)

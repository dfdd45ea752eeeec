"""Pictures re-sent on WhatsApp (re-compressed, resized, re-captioned) join the claim of the
first copy, "check a message" finds verdicts by picture, and fact-checkers see why."""

from __future__ import annotations

import datetime as dt
import importlib
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import Settings as SettingsWrapper

from cegah.factchecks.matching import IMAGE_THRESHOLD, THRESHOLD, image_fingerprint, image_score
from cegah.factchecks.models import Claim, Submission
from cegah.factchecks.tests.factories import (
    HOAX,
    OTHER,
    FactPeople,
    clean_image,
    image_file,
    poster,
    published_with_image,
    submit,
)
from cegah.lib.imagehash import distance

pytestmark = pytest.mark.django_db

SUBMIT = "/cek-fakta/kirim/"
CHECK = "/cek-fakta/periksa/"
CHECK_EN = "/en/cek-fakta/periksa/"


@pytest.fixture(autouse=True)
def _no_search(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("cegah.search.backend.index_documents", lambda docs: list(docs))


def send(client: Client, token: str, **values: Any) -> Submission:
    data = {"text": "", "link": "", "contact_email": "", "form_token": token, "website": ""}
    data.update(values)
    response = client.post(SUBMIT, data)
    assert response.status_code == 302, response.content.decode()
    return Submission.objects.latest("pk")


def recompressed_half(seed: int) -> SimpleUploadedFile:
    """The poster after a few forwards: half the size, JPEG quality 40."""
    return image_file(poster(seed).resize((300, 400)), "IMG-20261124-WA0007.jpg", quality=40)


def test_a_picture_sent_again_smaller_and_recompressed_joins_the_first_claim(
    client: Client,
) -> None:
    first = send(client, "token-first-picture-1", image=image_file(poster(1), fmt="PNG"))
    again = send(client, "token-again-picture-2", image=recompressed_half(1))
    recaptioned = send(
        client,
        "token-recaptioned-p-3",
        image=image_file(poster(1, caption="Info grup sebelah, viralkan"), quality=70),
    )
    other = send(client, "token-other-picture-4", image=image_file(poster(2)))

    assert len(first.image_hash) == 16
    assert first.claim.image_hash == first.image_hash
    assert again.claim_id == recaptioned.claim_id == first.claim_id
    assert other.claim_id != first.claim_id
    assert again.similarity is not None and again.similarity >= 1 - IMAGE_THRESHOLD / 64
    assert distance(again.image_hash, first.image_hash) <= IMAGE_THRESHOLD
    assert Claim.objects.count() == 2
    assert first.claim.events.filter(kind="joined").count() == 2


def test_the_same_picture_with_a_different_text_joins_by_the_picture(client: Client) -> None:
    first = send(client, "token-text-and-pic-1", text=HOAX, image=image_file(poster(3)))
    second = send(client, "token-text-and-pic-2", text=OTHER, image=recompressed_half(3))
    assert second.claim_id == first.claim_id


def test_an_exact_text_match_wins_over_a_picture_that_is_only_similar() -> None:
    by_text = submit(HOAX).claim
    by_picture = submit(OTHER, image=clean_image(poster(4))).claim
    variant = clean_image(poster(4).resize((300, 400)), quality=40)
    assert 0 < distance(image_fingerprint(variant.data), by_picture.image_hash) <= IMAGE_THRESHOLD

    joined = submit(HOAX, image=variant)
    assert joined.claim_id == by_text.pk
    assert joined.similarity == 1.0
    # The claim started by text takes the picture's hash for the copies still to come.
    by_text.refresh_from_db()
    assert by_text.image_hash == joined.image_hash


def test_an_old_claim_outside_the_window_is_still_found_by_the_same_picture() -> None:
    old = submit("", image=clean_image(poster(5))).claim
    long_ago = timezone.now() - dt.timedelta(days=400)
    Claim.objects.filter(pk=old.pk).update(first_seen_at=long_ago, created_at=long_ago)
    assert submit("", image=clean_image(poster(5))).claim_id == old.pk


def test_a_plain_picture_is_not_compared_and_starts_its_own_claim() -> None:
    from PIL import Image

    blank = Image.new("RGB", (400, 300), (250, 250, 250))
    first = submit("", image=clean_image(blank))
    second = submit("", image=clean_image(blank.copy()))
    assert first.image_hash == second.image_hash == ""
    assert first.claim_id != second.claim_id


def test_the_data_migration_hashes_stored_images_and_skips_unreadable_ones(
    tmp_path: Path,
) -> None:
    readable = submit("", image=clean_image(poster(6)))
    broken = submit("Pesan dengan berkas rusak tentang pungutan liar di kantor kecamatan")
    broken.image.save("broken.jpg", ContentFile(b"not a picture"), save=False)
    broken.save()
    expected = readable.image_hash
    Submission.objects.update(image_hash="")
    Claim.objects.update(image_hash="")

    migration = importlib.import_module("cegah.factchecks.migrations.0004_fill_image_hashes")
    migration.fill_image_hashes(apps, None)

    readable.refresh_from_db()
    broken.refresh_from_db()
    assert readable.image_hash == expected != ""
    assert readable.claim.image_hash == expected
    assert broken.image_hash == ""
    assert Claim.objects.get(pk=broken.claim_id).image_hash == ""


# "Check a message" with a picture


def stored_files(settings: SettingsWrapper) -> list[Path]:
    root = Path(settings.STORAGES["private"]["OPTIONS"]["location"])
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_the_check_form_takes_a_picture_without_javascript(client: Client) -> None:
    html = client.get(CHECK).content.decode()
    form = html.split('<form method="post" action="/cek-fakta/periksa/"', 1)[1].split("</form>")[0]
    assert 'enctype="multipart/form-data"' in form
    assert 'type="file" name="image"' in form and 'accept="image/jpeg,image/png,image/webp"' in form
    assert 'name="csrfmiddlewaretoken"' in form
    assert "<script" not in html.split("<main", 1)[1].split("</main>", 1)[0]


def test_checking_a_forwarded_copy_of_a_picture_finds_the_verdict_and_stores_nothing(
    client: Client, people: FactPeople, settings: SettingsWrapper
) -> None:
    claim = published_with_image(people.checker_kpk, poster(7))
    files, submissions = stored_files(settings), Submission.objects.count()

    response = client.post(CHECK_EN, {"q": "", "image": recompressed_half(7)})
    html = response.content.decode()
    assert response.status_code == 200
    assert "One verdict matches" in html
    assert f'href="/en/cek-fakta/{claim.slug}/"' in html
    assert Submission.objects.count() == submissions
    assert stored_files(settings) == files

    other = client.post(CHECK_EN, {"q": "", "image": image_file(poster(8))}).content.decode()
    assert "No verdict matches this message yet" in other
    assert "Attach the image again on the next page." in other


def test_a_picture_still_being_checked_is_not_offered_as_a_verdict(client: Client) -> None:
    submit("", image=clean_image(poster(9)))
    html = client.post(CHECK_EN, {"image": image_file(poster(9))}).content.decode()
    assert "No verdict matches this message yet" in html


def test_a_rejected_upload_keeps_the_typed_text(client: Client) -> None:
    fake = SimpleUploadedFile("hoaks.jpg", b"MZ\x90\x00 not an image", "image/jpeg")
    response = client.post(
        CHECK_EN, {"q": "Pesan berantai tentang setoran kepala desa", "image": fake}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "is not an image (JPEG, PNG or WebP)" in html
    assert "Pesan berantai tentang setoran kepala desa</textarea>" in html
    assert "please choose your image again" in html


def test_an_empty_check_says_what_to_give(client: Client) -> None:
    response = client.post(CHECK_EN, {"q": "  "})
    assert response.status_code == 400
    assert "Paste a message or a link, or attach an image." in response.content.decode()


def test_too_many_pictures_checked_from_one_connection_are_stopped(
    client: Client, settings: SettingsWrapper
) -> None:
    settings.FACTCHECKS_SUBMIT_RATE = "1/hour"
    assert client.post(CHECK_EN, {"image": image_file(poster(10))}).status_code == 200
    response = client.post(CHECK_EN, {"q": "teks saya", "image": image_file(poster(10))})
    assert response.status_code == 429
    assert "Too many images were checked" in response.content.decode()
    assert "teks saya</textarea>" in response.content.decode()
    # Checking text is not counted.
    assert client.post(CHECK_EN, {"q": HOAX}).status_code == 200


# The fact-checker's claim page


def test_the_claim_page_shows_that_a_submission_joined_by_a_similar_picture(
    client: Client, people: FactPeople
) -> None:
    first = submit("", image=clean_image(poster(11)))
    joined = submit("", image=clean_image(poster(11).resize((300, 400)), quality=40))
    by_text = submit(HOAX)
    assert joined.claim_id == first.claim_id
    bits = distance(joined.image_hash, first.image_hash)

    client.force_login(people.checker_kpk)
    html = client.get(f"/cek-fakta/antrean/{first.claim_id}/").content.decode()
    assert f"gambar mirip ({bits} dari 64 bit berbeda)" in html
    assert html.count("gambar mirip") == 1  # not for the first image itself
    english = client.get(f"/en/cek-fakta/antrean/{first.claim_id}/").content.decode()
    assert f"similar image ({bits} of 64 bits differ)" in english
    assert by_text.claim_id != first.claim_id


def test_a_picture_at_the_threshold_still_scores_above_the_text_threshold() -> None:
    assert image_score(0) == 1.0
    assert THRESHOLD < image_score(IMAGE_THRESHOLD) < 1.0

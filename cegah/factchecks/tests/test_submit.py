"""Anyone sends a suspicious message without an account; nothing is lost or doubled."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image
from pytest_django.fixtures import Settings as SettingsWrapper

from cegah.factchecks.models import Claim, ClaimEvent, Submission
from cegah.factchecks.tests.factories import HOAX, HOAX_FORWARDED, photo

pytestmark = pytest.mark.django_db

SUBMIT = "/cek-fakta/kirim/"
SUBMIT_EN = "/en/cek-fakta/kirim/"


def form_data(**values: Any) -> dict[str, Any]:
    data = {
        "text": HOAX,
        "link": "",
        "contact_email": "",
        "form_token": "token-0123456789abcdef",
        "website": "",
    }
    data.update(values)
    return data


def test_the_form_needs_no_account_works_without_js_and_carries_a_one_time_token(
    client: Client,
) -> None:
    response = client.get(SUBMIT)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'method="post"' in html and 'enctype="multipart/form-data"' in html
    assert 'name="form_token"' in html
    assert "<div hidden" in html  # the honeypot is hidden from people
    assert "<script" not in html.split("<main", 1)[1].split("</main>", 1)[0]


def test_a_message_with_link_image_and_email_is_stored_and_a_receipt_shown(
    client: Client,
) -> None:
    response = client.post(
        SUBMIT_EN,
        form_data(
            link="https://www.facebook.com/pos/123?fbclid=abc",
            contact_email="Sri@Example.org",
            image=photo("tangkapan layar.jpg"),
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/cek-fakta/terkirim/"
    submission = Submission.objects.get()
    assert submission.text == HOAX
    assert submission.link == "https://www.facebook.com/pos/123?fbclid=abc"
    assert submission.contact_email == "sri@example.org"
    assert submission.language == "en"
    assert submission.claim.url_key == "facebook.com/pos/123"
    # The image was re-encoded: the phone's make and GPS position are gone.
    with submission.image.open("rb") as f, Image.open(io.BytesIO(f.read())) as image:
        assert image.format == "JPEG"
        assert not image.getexif()
    assert ClaimEvent.objects.filter(claim=submission.claim, kind="submitted").count() == 1

    receipt = client.get(response["Location"])
    assert receipt.status_code == 200
    assert "We will email you the verdict once it is published." in receipt.content.decode()


def test_a_link_alone_or_an_image_alone_is_enough(client: Client) -> None:
    assert (
        client.post(SUBMIT, form_data(text="", link="https://hoaks.example/a")).status_code == 302
    )
    data = form_data(text="", form_token="token-second-submission", image=photo())
    assert client.post(SUBMIT, data).status_code == 302
    assert Submission.objects.count() == 2


def test_an_empty_form_is_refused_with_a_clear_error(client: Client) -> None:
    response = client.post(SUBMIT_EN, form_data(text="   "))
    assert response.status_code == 400
    assert "Paste the message, give a link or attach an image." in response.content.decode()
    assert not Submission.objects.exists()


def test_submitting_twice_with_the_same_token_stores_one_message(client: Client) -> None:
    first = client.post(SUBMIT, form_data())
    second = client.post(SUBMIT, form_data())
    assert first.status_code == second.status_code == 302
    assert Submission.objects.count() == 1
    assert Claim.objects.count() == 1


def test_a_bad_upload_keeps_the_text_and_says_what_is_wrong(client: Client) -> None:
    fake = SimpleUploadedFile("foto.jpg", b"MZ\x90\x00 not an image at all", "image/jpeg")
    response = client.post(SUBMIT_EN, form_data(image=fake, contact_email="a@example.org"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "is not an image (JPEG, PNG or WebP)" in html
    assert "kepala desa wajib menyetor" in html  # the pasted message is still there
    assert 'value="a@example.org"' in html
    assert "please choose your image again" in html
    assert not Submission.objects.exists()


def test_a_pdf_is_not_accepted_as_an_image(client: Client) -> None:
    pdf = SimpleUploadedFile("a.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer\n%%EOF\n")
    response = client.post(SUBMIT_EN, form_data(image=pdf))
    assert response.status_code == 400
    assert not Submission.objects.exists()


def test_the_honeypot_must_stay_empty(client: Client) -> None:
    response = client.post(SUBMIT, form_data(website="http://spam.example"))
    assert response.status_code == 400
    assert not Submission.objects.exists()


def test_a_client_sending_too_many_messages_is_stopped_and_keeps_its_text(
    client: Client, settings: SettingsWrapper
) -> None:
    settings.FACTCHECKS_SUBMIT_RATE = "2/hour"
    for n in range(2):
        assert client.post(SUBMIT, form_data(form_token=f"token-number-{n:08d}")).status_code == 302
    response = client.post(SUBMIT_EN, form_data(form_token="token-number-third"))
    assert response.status_code == 429
    assert "Too many messages" in response.content.decode()
    assert "kepala desa wajib menyetor" in response.content.decode()
    assert Submission.objects.count() == 2


def test_a_duplicate_tells_the_sender_others_sent_it_too(client: Client) -> None:
    client.post(SUBMIT, form_data(form_token="token-first-sender-01"))
    response = client.post(
        SUBMIT_EN, form_data(text=HOAX_FORWARDED, form_token="token-2nd-sender-02")
    )
    receipt = client.get(response["Location"])
    assert "Others have sent the same message" in receipt.content.decode()
    assert Claim.objects.count() == 1


def test_the_receipt_without_a_submission_goes_back_to_the_form(client: Client) -> None:
    response = client.get("/cek-fakta/terkirim/")
    assert response.status_code == 302
    assert response["Location"] == SUBMIT

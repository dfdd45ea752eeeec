"""Complaints by chat end with the same complaint and tracking code as the web form, through
`submit_complaint`, the photo cleaned of its metadata; "batal" stops at any time."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from PIL import Image

from cegah.chat import media
from cegah.chat.models import Conversation
from cegah.chat.tests.helpers import (
    TelegramChat,
    jpeg_with_gps,
    post_whatsapp,
    replies,
    whatsapp_text,
)
from cegah.complaints.models import Category, Complaint, ComplaintEvent, KeptUpload

pytestmark = pytest.mark.django_db

DESCRIPTION = "Petugas kelurahan meminta Rp150.000 untuk surat pengantar yang seharusnya gratis."


def test_a_complaint_by_telegram_ends_in_a_tracking_code_like_the_web_form(
    client: Client, regions: None
) -> None:
    media.SINK["photo-with-gps"] = jpeg_with_gps()
    chat = TelegramChat(client)
    assert "Tentang apa keluhan Anda?" in chat.say("/lapor")
    assert "kabupaten, kota atau kecamatan" in chat.say("1")
    assert "kantor, sekolah atau tempat" in chat.say("Klaten Tengah")
    assert "Apa yang terjadi?" in chat.say("Kantor Kelurahan Gayamprit")
    assert "lebih lengkap" in chat.say("dimintai uang")  # too short
    assert "foto" in chat.say(DESCRIPTION)
    assert "anonim" in chat.say(photo_id="photo-with-gps")
    assert "nama Anda" in chat.say("tidak")
    assert "email atau nomor telepon" in chat.say("Sri Rahayu")
    summary = chat.say("0812-3456-7890")
    assert "Klaten Tengah" in summary and "kirim" in summary
    done = chat.say("kirim")

    complaint = Complaint.objects.get()
    assert complaint.display_code in done
    assert f"https://cegah.example/keluhan/{complaint.display_code}/" in done
    # Stored as the web form stores it.
    assert complaint.category == Category.objects.active().first()
    assert complaint.region_id == "33.10.25"
    assert complaint.place == "Kantor Kelurahan Gayamprit"
    assert complaint.description == DESCRIPTION
    assert (complaint.reporter_name, complaint.reporter_phone) == ("Sri Rahayu", "+6281234567890")
    assert not complaint.anonymous
    assert complaint.language == "id"
    assert ComplaintEvent.objects.filter(complaint=complaint, kind="submitted").count() == 1
    # The photo went through clean_upload: no EXIF, no GPS.
    (attachment,) = complaint.attachments.all()
    assert attachment.content_type == "image/jpeg"
    with attachment.file.open("rb") as stored:
        assert not Image.open(io.BytesIO(stored.read())).getexif()
    assert not KeptUpload.objects.exists()
    # The conversation's tool is done; nothing of the complaint stays in it.
    conversation = Conversation.objects.get()
    assert (conversation.tool, conversation.answers) == ("", {})


def test_an_anonymous_complaint_by_whatsapp_keeps_no_identity(
    client: Client, regions: None
) -> None:
    steps = ["/lapor", "1", "51.71", "lewati", DESCRIPTION, "lewati", "ya", "kirim"]
    for index, text in enumerate(steps):
        assert post_whatsapp(client, whatsapp_text(text, f"wamid.anon{index}")).status_code == 200
    complaint = Complaint.objects.get()
    assert complaint.anonymous
    assert (complaint.reporter_name, complaint.reporter_email, complaint.reporter_phone) == (
        "",
        "",
        "",
    )
    assert complaint.region_id == "51.71"
    assert complaint.display_code in replies()[-1].body


def test_on_whatsapp_the_sender_may_give_their_own_number(client: Client, regions: None) -> None:
    steps = ["/lapor", "1", "Denpasar", "-", DESCRIPTION, "lewati", "tidak", "Made", "1", "kirim"]
    for index, text in enumerate(steps):
        post_whatsapp(client, whatsapp_text(text, f"wamid.own{index}"))
    complaint = Complaint.objects.get()
    assert complaint.reporter_phone == "+6281234567890"


def test_sending_kirim_twice_files_one_complaint(client: Client, regions: None) -> None:
    chat = TelegramChat(client)
    for text in ["/lapor", "1", "Klaten Tengah", "lewati", DESCRIPTION, "lewati", "ya"]:
        chat.say(text)
    chat.say("kirim")
    chat.say("kirim")
    assert Complaint.objects.count() == 1


def test_batal_stops_the_complaint_and_discards_the_kept_photo(
    client: Client, regions: None
) -> None:
    media.SINK["p1"] = jpeg_with_gps()
    chat = TelegramChat(client)
    for text in ["/lapor", "1", "Klaten Tengah", "lewati", DESCRIPTION]:
        chat.say(text)
    chat.say(photo_id="p1")
    assert KeptUpload.objects.count() == 1
    assert "Dihentikan" in chat.say("batal")
    assert not KeptUpload.objects.exists()
    assert not Complaint.objects.exists()
    assert Conversation.objects.get().tool == ""


def test_a_region_name_with_several_matches_is_asked_again(client: Client, regions: None) -> None:
    chat = TelegramChat(client)
    chat.say("/lapor")
    chat.say("1")
    reply = chat.say("Klaten")  # Kabupaten Klaten and Kecamatan Klaten Tengah
    assert "Yang mana" in reply
    assert "kantor, sekolah atau tempat" in chat.say("1")
    assert Conversation.objects.get().answers["region"] == "33.10"


def test_an_unknown_region_and_a_photo_that_is_no_image_are_explained(
    client: Client, regions: None
) -> None:
    media.SINK["not-an-image"] = b"%PDF-1.4 not a photo at all"
    chat = TelegramChat(client)
    chat.say("/lapor")
    chat.say("1")
    assert "tidak menemukan" in chat.say("Atlantis")
    chat.say("33.10.25")
    chat.say("lewati")
    chat.say(DESCRIPTION)
    reply = chat.say(photo_id="not-an-image")
    assert "foto" in reply.lower()
    assert not KeptUpload.objects.exists()
    reply = chat.say(photo_id="missing-in-the-sink")
    assert "tidak dapat diterima" in reply


def test_on_the_web_the_photo_step_offers_a_file_field_and_the_photo_is_cleaned(
    client: Client, regions: None
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    steps = ["/lapor", "1", "Klaten Tengah", "lewati", DESCRIPTION]
    for index, text in enumerate(steps):
        client.post("/tanya/", {"text": text, "token": f"web-step-{index:02d}-token"})
    page = client.get("/tanya/").content.decode()
    assert 'type="file" name="photo"' in page
    photo = SimpleUploadedFile("IMG_0001.JPG", jpeg_with_gps(), "image/jpeg")
    client.post("/tanya/", {"text": "", "photo": photo, "token": "web-step-photo-token"})
    assert "anonim" in client.get("/tanya/").content.decode()
    for index, text in enumerate(["ya", "kirim"]):
        client.post("/tanya/", {"text": text, "token": f"web-step-end-{index}-token"})
    complaint = Complaint.objects.get()
    assert complaint.anonymous
    assert complaint.display_code in client.get("/tanya/").content.decode()
    (attachment,) = complaint.attachments.all()
    with attachment.file.open("rb") as stored:
        assert not Image.open(io.BytesIO(stored.read())).getexif()

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from cegah.complaints.codes import normalize_code
from cegah.complaints.models import Category, Complaint, ComplaintEvent, EventKind, Status
from cegah.complaints.tests.factories import form_data, jpeg_with_gps, pdf, photo
from cegah.lib.uploads import MB
from cegah.test import Personas

pytestmark = pytest.mark.usefixtures("regions")

NEW = "/keluhan/baru/"
NEW_EN = "/en/keluhan/baru/"


def post(client: Client, data: dict[str, Any], **extra: Any) -> Any:
    return client.post(NEW, data, **extra)


def test_the_categories_are_seeded_with_their_resolution_classes(db: None) -> None:
    days = dict(Category.objects.values_list("code", "resolution_days"))
    assert set(days) == {
        "pendidikan",
        "kampus",
        "fasilitas-kesehatan",
        "desa",
        "perizinan",
        "pelabuhan",
        "bantuan-sosial",
        "ppj",
        "pungli",
        "lainnya",
    }
    assert set(days.values()) <= {2, 5, 14, 60}


def test_the_home_page_links_to_the_complaint_form(client: Client) -> None:
    assert 'href="/keluhan/baru/"' in client.get("/").content.decode()


def test_the_form_needs_no_account_and_carries_a_one_time_token(client: Client) -> None:
    response = client.get(NEW)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="form_token"' in html
    assert 'enctype="multipart/form-data"' in html
    assert '<option value="33">Jawa Tengah</option>' in html
    assert "<div hidden" in html  # the honeypot is hidden from people


def test_a_named_complaint_is_stored_and_its_code_shown_on_the_receipt(
    client: Client, mailoutbox: list[Any]
) -> None:
    response = post(client, form_data())
    assert response.status_code == 302
    assert response["Location"] == "/keluhan/tanda-terima/"
    complaint = Complaint.objects.get()
    assert complaint.status == Status.RECEIVED
    assert complaint.region_id == "33.10.25"
    assert complaint.reporter_name == "Sri Rahayu"
    assert complaint.reporter_phone == "+6281234567890"
    assert not complaint.consent_to_share_identity
    assert len(complaint.tracking_code) == 16
    assert normalize_code(complaint.display_code) == complaint.tracking_code
    assert [e.kind for e in complaint.events.all()] == [EventKind.SUBMITTED]

    receipt = client.get(response["Location"]).content.decode()
    assert complaint.display_code in receipt
    assert f'href="/keluhan/{complaint.display_code}/"' in receipt

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["sri@example.org"]
    assert complaint.display_code in mailoutbox[0].body


def test_the_region_selects_cascade_without_javascript_and_keep_what_was_typed(
    client: Client,
) -> None:
    data = form_data(regency=None, district=None, _refresh_region="1")
    response = post(client, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<option value="33.10">Kabupaten Klaten</option>' in html
    assert "Sri Rahayu" in html
    assert Complaint.objects.count() == 0


def test_a_province_alone_is_not_enough(client: Client) -> None:
    response = post(client, form_data(regency=None, district=None))
    assert response.status_code == 400
    assert Complaint.objects.count() == 0


def test_an_invalid_field_re_renders_with_everything_typed_kept(client: Client) -> None:
    response = client.post(NEW_EN, form_data(reporter_phone="12345", description="Terlalu pendek"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "0812 3456 7890" in html  # the phone's explanation
    assert 'value="Sri Rahayu"' in html
    assert 'value="SD Negeri 1 Klaten"' in html
    assert "Terlalu pendek" in html
    assert '<option value="33.10.25" selected>' in html
    assert Complaint.objects.count() == 0


def test_a_named_reporter_must_leave_a_way_to_be_contacted(client: Client) -> None:
    response = client.post(NEW_EN, form_data(reporter_email="", reporter_phone=""))
    assert response.status_code == 400
    assert "Give an email address or a phone number" in response.content.decode()
    assert Complaint.objects.count() == 0


@pytest.mark.parametrize(
    ("upload", "reason"),
    [
        (SimpleUploadedFile("virus.jpg", b"MZ\x90\x00" + b"\x00" * 200, "image/jpeg"), "type"),
        (SimpleUploadedFile("notes.txt", b"just some text here", "text/plain"), "type"),
        (
            SimpleUploadedFile("huge.pdf", b"%PDF-1.4\n" + b"0" * (10 * MB + 1), "application/pdf"),
            "10 MB",
        ),
    ],
    ids=["executable-named-jpg", "text-file", "oversize"],
)
def test_a_bad_upload_is_refused_with_a_clear_message_and_the_form_kept(
    client: Client, upload: SimpleUploadedFile, reason: str
) -> None:
    response = client.post(NEW_EN, {**form_data(), "evidence": [upload]})
    html = response.content.decode()
    assert response.status_code == 400
    assert upload.name in html
    assert reason in html
    assert 'value="Sri Rahayu"' in html
    assert "kept with this form" not in html  # a refused file is not kept
    assert Complaint.objects.count() == 0


def test_more_than_five_files_are_refused(client: Client) -> None:
    files = [photo(f"p{i}.jpg") for i in range(6)]
    response = post(client, {**form_data(), "evidence": files})
    assert response.status_code == 400
    assert Complaint.objects.count() == 0


def test_a_photo_with_gps_is_stored_without_any_exif(client: Client) -> None:
    assert b"PhoneMaker" in jpeg_with_gps()
    response = post(client, {**form_data(), "evidence": [photo(), pdf()]})
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    image, document = complaint.attachments.order_by("pk")
    assert (image.content_type, image.original_name) == ("image/jpeg", "IMG_0001.JPG")
    assert document.content_type == "application/pdf"
    stored = image.file.read()
    assert b"PhoneMaker" not in stored
    assert b"Exif" not in stored
    with Image.open(io.BytesIO(stored)) as opened:
        assert not opened.getexif()
    assert "IMG_0001" not in image.file.name  # the stored name says nothing about the file


def test_a_double_submit_with_the_same_token_creates_one_complaint_and_the_same_receipt(
    client: Client, mailoutbox: list[Any]
) -> None:
    first = post(client, form_data())
    code = client.session["complaint_receipt"]
    # The second request of a double click: the same token, before the first page arrived.
    other_tab = Client()
    second = other_tab.post(NEW, form_data())
    assert first.status_code == second.status_code == 302
    assert other_tab.session["complaint_receipt"] == code
    assert (
        Complaint.objects.get().display_code in other_tab.get(second["Location"]).content.decode()
    )
    assert len(mailoutbox) == 1
    again = post(client, form_data())
    assert again["Location"] == "/keluhan/tanda-terima/"
    assert client.session["complaint_receipt"] == code
    assert Complaint.objects.count() == 1


def test_a_new_form_token_makes_a_new_complaint(client: Client) -> None:
    post(client, form_data())
    post(client, form_data(form_token="another-token-" + "y" * 10))
    assert Complaint.objects.count() == 2


def test_a_missing_form_token_is_refused(client: Client) -> None:
    response = post(client, form_data(form_token=None))
    assert response.status_code == 400
    assert Complaint.objects.count() == 0


def test_an_anonymous_complaint_keeps_no_identity_even_when_signed_in(
    client: Client, personas: Personas, mailoutbox: list[Any]
) -> None:
    client.force_login(personas.citizen)
    response = post(client, form_data(anonymous="on", consent_to_share_identity="on"))
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.anonymous
    assert (complaint.reporter_name, complaint.reporter_email, complaint.reporter_phone) == (
        "",
        "",
        "",
    )
    assert complaint.reporter is None
    assert not complaint.consent_to_share_identity
    assert mailoutbox == []


def test_a_signed_in_citizen_finds_their_details_filled_and_linked(
    client: Client, personas: Personas
) -> None:
    client.force_login(personas.citizen)
    html = client.get(NEW).content.decode()
    assert 'value="Warga Biasa"' in html
    assert 'value="warga@example.org"' in html
    post(client, form_data(reporter_name="Warga Biasa", reporter_email="warga@example.org"))
    assert Complaint.objects.get().reporter == personas.citizen


def test_html_in_the_description_is_stripped(client: Client) -> None:
    text = "<b>Pungli</b> di loket <script>alert(1)</script>perizinan &amp; retribusi tanpa Perda."
    post(client, form_data(description=text))
    assert (
        Complaint.objects.get().description == "Pungli di loket perizinan & retribusi tanpa Perda."
    )


def test_the_honeypot_must_stay_empty(client: Client) -> None:
    response = post(client, form_data(website="http://spam.example"))
    assert response.status_code == 400
    assert Complaint.objects.count() == 0


def test_a_future_incident_date_is_refused(client: Client) -> None:
    response = post(client, form_data(incident_date="2999-01-01"))
    assert response.status_code == 400
    assert Complaint.objects.count() == 0


def test_too_many_submissions_from_one_address_are_slowed_down(
    client: Client, settings: Any
) -> None:
    settings.COMPLAINTS_SUBMIT_RATE = "2/hour"
    for i in range(2):
        assert post(client, form_data(form_token=f"token-number-{i}-abcdefgh")).status_code == 302
    response = post(client, form_data(form_token="token-number-3-abcdefgh"))
    assert response.status_code == 429
    assert 'value="Sri Rahayu"' in response.content.decode()
    assert Complaint.objects.count() == 2
    # Another address is not affected.
    other = post(client, form_data(form_token="token-number-4-abcdefgh"), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302


def test_the_receipt_offers_to_email_the_code_without_storing_the_address(
    client: Client, mailoutbox: list[Any]
) -> None:
    post(client, form_data(anonymous="on"))
    complaint = Complaint.objects.get()
    assert mailoutbox == []
    response = client.post("/keluhan/tanda-terima/", {"email": "diam@example.org"})
    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [["diam@example.org"]]
    assert complaint.display_code in mailoutbox[0].body
    complaint.refresh_from_db()
    assert complaint.reporter_email == ""


def test_the_receipt_without_a_complaint_sends_to_the_tracking_page(client: Client) -> None:
    response = client.get("/keluhan/tanda-terima/")
    assert response.status_code == 302
    assert response["Location"] == "/keluhan/lacak/"


def test_the_form_works_in_english_too(client: Client) -> None:
    assert "Report a complaint" in client.get(NEW_EN).content.decode()
    assert 'lang="id"' in client.get(NEW).content.decode()


def test_the_submission_event_has_no_actor_so_staff_cannot_tell_who(
    client: Client, personas: Personas
) -> None:
    client.force_login(personas.citizen)
    post(client, form_data(anonymous="on"))
    assert ComplaintEvent.objects.get().actor is None

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from cegah.complaints import actions, lookups
from cegah.complaints.models import Category, Complaint, Status
from cegah.complaints.tests.factories import DESCRIPTION, forwarded, pdf, photo
from cegah.lib.uploads import MB
from cegah.test import Personas

pytestmark = pytest.mark.usefixtures("regions")

URL = "/api/v1/complaints"


def body(**values: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "category": "pendidikan",
        "region": "33.10.25",
        "description": DESCRIPTION,
        "incident_date": "2026-03-02",
        "anonymous": False,
        "confidential": True,
        "reporter_name": "Sri Rahayu",
        "reporter_email": "sri@example.org",
        "reporter_phone": "081234567890",
    }
    data.update(values)
    return data


def post(client: Client, data: Any, **headers: str) -> Any:
    return client.post(URL, data, content_type="application/json", headers=headers)


def test_posting_json_files_a_complaint_and_answers_201_with_the_code(
    client: Client, db: None, mailoutbox: list[Any]
) -> None:
    response = post(client, body())
    assert response.status_code == 201
    data = response.json()
    complaint = Complaint.objects.get()
    assert data["tracking_code"] == complaint.display_code
    assert data["status"] == Status.RECEIVED
    assert data["url"].endswith(f"/keluhan/{complaint.display_code}/")
    assert complaint.confidential
    assert complaint.reporter_phone == "+6281234567890"
    assert [m.to for m in mailoutbox] == [["sri@example.org"]]


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"category": "astrologi"}, "category"),
        ({"region": "99.99"}, "region"),
        ({"region": "33"}, "region"),
        ({"description": "pendek"}, "description"),
        ({"incident_date": "2999-01-01"}, "incident_date"),
        ({"incident_date": "kemarin"}, "incident_date"),
        ({"reporter_email": "bukan-email"}, "reporter_email"),
        ({"reporter_phone": "123"}, "reporter_phone"),
        ({"reporter_name": ""}, "reporter_name"),
        ({"anonymous": "yes"}, "anonymous"),
    ],
)
def test_bad_input_is_a_422_naming_the_field(
    client: Client, db: None, values: dict[str, Any], field: str
) -> None:
    response = post(client, body(**values))
    assert response.status_code == 422
    assert field in response.json()["errors"][0]["loc"]
    assert Complaint.objects.count() == 0


def test_a_retry_with_the_same_idempotency_key_files_once(client: Client, db: None) -> None:
    first = post(client, body(), **{"Idempotency-Key": "retry-1"})
    second = post(client, body(), **{"Idempotency-Key": "retry-1"})
    assert first.status_code == second.status_code == 201
    assert first.json()["tracking_code"] == second.json()["tracking_code"]
    assert Complaint.objects.count() == 1


def test_the_same_key_with_other_content_never_returns_somebody_elses_code(
    client: Client, db: None
) -> None:
    first = post(client, body(), **{"Idempotency-Key": "1"})
    other = post(
        client,
        body(anonymous=True, description="Lain lagi: " + DESCRIPTION),
        **{"Idempotency-Key": "1"},
    )
    assert first.json()["tracking_code"] != other.json()["tracking_code"]
    assert Complaint.objects.count() == 2


def test_an_anonymous_api_complaint_keeps_no_identity(client: Client, db: None) -> None:
    response = post(client, body(anonymous=True))
    assert response.status_code == 201
    complaint = Complaint.objects.get()
    assert (complaint.reporter_name, complaint.reporter_email, complaint.reporter_phone) == (
        "",
        "",
        "",
    )


def test_the_api_is_rate_limited_per_client(client: Client, db: None, settings: Any) -> None:
    settings.COMPLAINTS_SUBMIT_RATE = "1/hour"
    assert post(client, body()).status_code == 201
    refused = post(client, body())
    assert refused.status_code == 429
    assert refused.json()["code"] == "rate_limited"
    # The client is told when to try again: within the hour the rate counts.
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert Complaint.objects.count() == 1


def test_the_code_holder_reads_the_public_view_without_identity_or_internal_events(
    client: Client, personas: Personas
) -> None:
    complaint = forwarded(personas)
    actions.add_note(actor=personas.admin_a, complaint=complaint, message="rahasia")
    client.post(f"/keluhan/{complaint.display_code}/tanggapi/", {"evidence": [pdf()]})
    response = client.get(f"{URL}/{complaint.display_code.lower()}")
    assert response.status_code == 200
    data = response.json()
    assert data["tracking_code"] == complaint.display_code
    assert data["status"] == Status.FORWARDED
    assert data["agency"] == personas.agency_a.name
    assert [e["kind"] for e in data["timeline"]] == [
        "submitted",
        "verified",
        "forwarded",
        "reporter_update",
    ]
    text = response.content.decode()
    for secret in ("Sri Rahayu", "sri@example.org", "rahasia", "reporter_name", "kpk@example.org"):
        assert secret not in text
    (attachment,) = data["attachments"]
    assert attachment["name"] == "kwitansi.pdf"
    download = client.get(attachment["url"].removeprefix("http://testserver"))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"


def test_an_unknown_code_is_a_404(client: Client, db: None) -> None:
    assert client.get(f"{URL}/K7QM-2XRA-9FTB-H4WD").status_code == 404
    assert client.get(f"{URL}/not-a-code").status_code == 404


def test_the_openapi_document_describes_both_endpoints(client: Client, db: None) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    assert "post" in spec["paths"]["/api/v1/complaints"]
    assert "get" in spec["paths"]["/api/v1/complaints/{tracking_code}"]
    params = {p["name"] for p in spec["paths"]["/api/v1/complaints"]["post"]["parameters"]}
    assert "Idempotency-Key" in params


# Multipart: the same fields as a form, evidence files under `attachments`.


def form(**values: Any) -> dict[str, Any]:
    data = {k: ("true" if v is True else "false" if v is False else v) for k, v in body().items()}
    data.update(values)
    return {k: v for k, v in data.items() if v is not None}


def test_posting_multipart_files_the_complaint_with_cleaned_attachments(
    client: Client, db: None
) -> None:
    response = client.post(
        URL, form(anonymous="true", confidential="false", attachments=[photo(), pdf()])
    )
    assert response.status_code == 201, response.content
    complaint = Complaint.objects.get()
    assert response.json()["tracking_code"] == complaint.display_code
    assert complaint.anonymous and not complaint.confidential
    assert complaint.reporter_name == ""
    assert complaint.incident_date == dt.date(2026, 3, 2)
    jpeg, receipt = complaint.attachments.order_by("pk")
    assert (jpeg.original_name, jpeg.content_type) == ("IMG_0001.JPG", "image/jpeg")
    assert (receipt.original_name, receipt.content_type) == ("kwitansi.pdf", "application/pdf")
    with jpeg.file.open("rb") as stored:
        assert not Image.open(io.BytesIO(stored.read())).getexif()
    public = client.get(f"{URL}/{complaint.display_code}").json()
    assert [a["name"] for a in public["attachments"]] == ["IMG_0001.JPG", "kwitansi.pdf"]


def test_multipart_without_files_works_like_json(client: Client, db: None) -> None:
    response = client.post(URL, form(incident_date=""))
    assert response.status_code == 201
    complaint = Complaint.objects.get()
    assert complaint.confidential and not complaint.anonymous
    assert complaint.incident_date is None
    assert complaint.attachments.count() == 0


@pytest.mark.parametrize(
    ("upload", "words"),
    [
        (SimpleUploadedFile("virus.jpg", b"MZ\x90\x00" + b"\x00" * 200, "image/jpeg"), "type"),
        (SimpleUploadedFile("kosong.pdf", b"", "application/pdf"), "empty"),
        (
            SimpleUploadedFile("besar.pdf", b"%PDF-1.4\n" + b"0" * (10 * MB), "application/pdf"),
            "10 MB",
        ),
    ],
    ids=["executable-named-jpg", "empty", "oversize"],
)
def test_a_bad_attachment_is_a_422_naming_the_file(
    client: Client, db: None, upload: SimpleUploadedFile, words: str
) -> None:
    english = {"Accept-Language": "en"}
    response = client.post(URL, form(attachments=[photo(), upload]), headers=english)
    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert error["loc"] == ["body", "attachments", 1]
    assert upload.name in error["msg"] and words in error["msg"]
    assert Complaint.objects.count() == 0


def test_more_than_five_attachments_is_a_422(client: Client, db: None) -> None:
    response = client.post(URL, form(attachments=[pdf(f"{n}.pdf") for n in range(6)]))
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "attachments"]
    assert Complaint.objects.count() == 0


def test_files_under_another_name_are_refused(client: Client, db: None) -> None:
    response = client.post(URL, form(evidence=[pdf()]))
    assert response.status_code == 422
    assert "evidence" in response.json()["errors"][0]["loc"]
    assert Complaint.objects.count() == 0


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"category": "astrologi"}, "category"),
        ({"anonymous": "mungkin"}, "anonymous"),
        ({"description": "pendek"}, "description"),
        ({"incident_date": "kemarin"}, "incident_date"),
        ({"surprise": "x"}, "surprise"),
    ],
)
def test_bad_multipart_fields_are_a_422_naming_the_field(
    client: Client, db: None, values: dict[str, Any], field: str
) -> None:
    response = client.post(URL, form(attachments=[pdf()], **values))
    assert response.status_code == 422
    assert field in response.json()["errors"][0]["loc"]
    assert Complaint.objects.count() == 0


def test_a_multipart_retry_with_the_same_key_and_files_files_once(client: Client, db: None) -> None:
    first = client.post(URL, form(attachments=[pdf()]), headers={"Idempotency-Key": "k"})
    again = client.post(URL, form(attachments=[pdf()]), headers={"Idempotency-Key": "k"})
    other = client.post(URL, form(attachments=[pdf("lain.pdf")]), headers={"Idempotency-Key": "k"})
    assert first.json()["tracking_code"] == again.json()["tracking_code"]
    assert other.json()["tracking_code"] != first.json()["tracking_code"]
    assert Complaint.objects.count() == 2


def test_an_unreadable_json_body_is_a_400(client: Client, db: None) -> None:
    response = client.post(URL, "{not json", content_type="application/json")
    assert response.status_code == 400
    assert Complaint.objects.count() == 0


def test_the_openapi_document_describes_json_and_multipart(client: Client, db: None) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    content = spec["paths"]["/api/v1/complaints"]["post"]["requestBody"]["content"]
    assert set(content) == {"application/json", "multipart/form-data"}
    assert "category" in content["application/json"]["schema"]["properties"]
    attachments = content["multipart/form-data"]["schema"]["properties"]["attachments"]
    assert attachments["items"] == {"type": "string", "format": "binary"}


def test_a_category_deactivated_in_the_admin_is_refused_at_once(client: Client, db: None) -> None:
    assert post(client, body(category="desa")).status_code == 201
    category = Category.objects.get(code="desa")
    category.is_active = False
    category.save()
    assert post(client, body(category="desa")).status_code == 422


def test_a_change_made_by_another_process_is_seen_within_a_minute(
    client: Client, db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert post(client, body(category="desa")).status_code == 201
    Category.objects.filter(code="desa").update(is_active=False)  # no signal in this process
    assert post(client, body(category="desa")).status_code == 201
    later = lookups._now() + lookups.TTL + 1
    monkeypatch.setattr(lookups, "_now", lambda: later)
    assert post(client, body(category="desa")).status_code == 422

"""A person downloads everything the platform holds about them, as JSON or as a page."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from cegah.accounts.models import User
from cegah.audit.models import AccessKind, AccessLog
from cegah.privacy.models import PrivacyRequest, RequestKind, RequestStatus
from cegah.privacy.tests.factories import (
    complaint_by,
    forum_post_by,
    gift_report_by,
    participation_of,
    signed_in,
    viewed_by_officer,
)
from cegah.test import Personas

pytestmark = pytest.mark.django_db


def export_json(client: Client) -> dict:  # type: ignore[type-arg]
    response = client.post("/privasi/data-saya/ekspor/", {"format": "json"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="cegah-data-saya-')
    assert "no-store" in response["Cache-Control"]
    return json.loads(response.content)  # type: ignore[no-any-return]


def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in(client: Client) -> None:
    response = client.get("/privasi/data-saya/")
    assert response.status_code == 302
    assert response["Location"].startswith("/akun/login/")
    assert client.post("/privasi/data-saya/ekspor/", {"format": "json"}).status_code == 302
    assert not PrivacyRequest.objects.exists()


def test_the_page_offers_the_copy_and_says_what_erasure_does(
    personas: Personas,
) -> None:
    html = signed_in(personas.citizen).get("/privasi/data-saya/").content.decode()
    assert "Unduh data saya (berkas JSON)" in html
    assert "Akun dihapus" in html
    assert 'href="/privasi/hapus-akun/"' in html


def test_the_json_file_holds_every_kind_of_record_and_who_viewed_them(
    personas: Personas, regions: None
) -> None:
    p = personas
    person = p.asn_a
    complaint = complaint_by(person)
    report = gift_report_by(person, p)
    participation_of(person, p)
    post = forum_post_by(person, p)
    viewed_by_officer(p, complaint)
    someone_else = complaint_by(p.citizen, description="Pungutan liar di kantor kelurahan lain.")

    data = export_json(signed_in(person))

    sections = data["sections"]
    assert data["account_id"] == person.pk
    (account, membership, *_rest) = sections["account"]["items"]
    assert account["email"] == "asn@example.org"
    assert account["nip"] == "198805122015032004"
    assert membership["agency"] == p.unit_a.name
    (filed,) = sections["complaints"]["items"]
    assert filed["tracking_code"] == complaint.display_code
    assert filed["reporter_phone"] == "081234567890"
    assert filed["description"] == complaint.description
    assert filed["status"] == "Diterima"
    assert someone_else.display_code not in json.dumps(data)
    (gift,) = sections["gratification"]["items"]
    assert gift["number"] == report.number
    assert gift["reporter_nik"] == report.reporter_nik
    (taking_part,) = sections["campaigns"]["items"]
    assert taking_part["phone"] == "+6281234567890"
    assert taking_part["campaign"] == "Kampanye Antikorupsi Klaten"
    forum_bodies = [item.get("body") for item in sections["forum"]["items"]]
    assert post.body in forum_bodies
    viewers = [row["actor_label"] for row in sections["access_log"]["items"]]
    assert viewers == ["kpk@example.org"]


def test_each_copy_is_a_request_and_an_export_entry_in_the_access_log(
    personas: Personas,
) -> None:
    client = signed_in(personas.citizen)
    export_json(client)
    client.post("/privasi/data-saya/ekspor/", {"format": "html"})

    requests = PrivacyRequest.objects.order_by("pk")
    assert [(r.kind, r.status) for r in requests] == [
        (RequestKind.EXPORT, RequestStatus.COMPLETED),
        (RequestKind.EXPORT, RequestStatus.COMPLETED),
    ]
    assert all(r.actor == personas.citizen and r.completed_at for r in requests)
    rows = AccessLog.objects.filter(kind=AccessKind.EXPORT)
    assert rows.count() == 2
    assert {(r.object_type, r.object_id, r.actor_id) for r in rows} == {
        ("accounts.user", str(personas.citizen.pk), personas.citizen.pk)
    }


def test_the_page_summary_shows_the_data_with_labels_in_indonesian(
    personas: Personas, regions: None
) -> None:
    complaint = complaint_by(personas.citizen)
    response = signed_in(personas.citizen).post("/privasi/data-saya/ekspor/", {"format": "html"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "Keluhan yang Anda kirim saat masuk" in html
    assert complaint.display_code in html
    assert "sri.rahayu@example.org" in html
    assert "Tidak ada data jenis ini." in html  # no gift reports


def test_the_english_summary_is_in_english(personas: Personas) -> None:
    html = (
        signed_in(personas.citizen)
        .post("/en/privasi/data-saya/ekspor/", {"format": "html"})
        .content.decode()
    )
    assert "Your account" in html and "warga@example.org" in html


def test_a_web_conversation_of_this_browser_is_in_the_copy(personas: Personas) -> None:
    client = signed_in(personas.citizen)
    client.post("/tanya/", {"text": "halo", "token": "t" * 20})
    (conversation,) = export_json(client)["sections"]["chat"]["items"]
    assert any("halo" in m for m in conversation["messages"])
    # Another browser of the same person holds no conversation.
    assert export_json(signed_in(personas.citizen))["sections"]["chat"]["items"] == []


def test_the_export_is_only_by_post(personas: Personas) -> None:
    assert signed_in(personas.citizen).get("/privasi/data-saya/ekspor/").status_code == 405


def test_an_account_row_holds_no_password(personas: Personas) -> None:
    data = export_json(signed_in(personas.citizen))
    assert "password" not in json.dumps(data)
    assert User.objects.get(pk=personas.citizen.pk).password not in json.dumps(data)

"""A person erases their account: what may go is deleted, what the law keeps is anonymised."""

from __future__ import annotations

import pytest
from allauth.usersessions.models import UserSession
from django.test import Client

from cegah.accounts.models import Membership, User
from cegah.audit.models import AccessKind, AccessLog
from cegah.campaigns.models import Participant
from cegah.chat.models import Conversation
from cegah.complaints.models import Complaint
from cegah.forum.models import Member, Post
from cegah.gratification.models import GratificationReport, ReportStatus
from cegah.privacy.models import PrivacyRequest, RequestKind, RequestStatus
from cegah.privacy.tests.factories import (
    complaint_by,
    forum_post_by,
    gift_report_by,
    participation_of,
    signed_in,
    viewed_by_officer,
)
from cegah.test import PASSWORD, Personas

pytestmark = pytest.mark.django_db

CONFIRM = {"password": PASSWORD, "confirm": "on"}


def test_the_confirmation_page_says_what_happens_to_each_kind(personas: Personas) -> None:
    html = signed_in(personas.citizen).get("/privasi/hapus-akun/").content.decode()
    assert "Hapus akun saya sekarang" in html
    assert 'autocomplete="current-password"' in html
    assert "tetap disimpan" in html


def test_erasure_needs_the_right_password_and_the_confirmation(personas: Personas) -> None:
    client = signed_in(personas.citizen)
    wrong = client.post("/privasi/hapus-akun/", {"password": "tebakan", "confirm": "on"})
    assert wrong.status_code == 400
    assert "Ini bukan kata sandi Anda." in wrong.content.decode()
    unconfirmed = client.post("/privasi/hapus-akun/", {"password": PASSWORD})
    assert unconfirmed.status_code == 400
    assert User.objects.get(pk=personas.citizen.pk).is_active
    assert not PrivacyRequest.objects.exists()


def test_erasure_anonymises_what_stays_deletes_the_rest_and_signs_the_person_out(
    personas: Personas, regions: None
) -> None:
    p = personas
    person = p.citizen
    complaint = complaint_by(person)
    viewed_by_officer(p, complaint)
    post = forum_post_by(person, p)
    participant = participation_of(person, p)
    client = signed_in(person)
    client.post("/tanya/", {"text": "halo", "token": "t" * 20})
    assert Conversation.objects.count() == 1
    # A signed-in device as allauth lists it: the address and browser are personal data.
    UserSession.objects.create(
        user=person, ip="203.0.113.5", session_key="k" * 32, user_agent="Android Chrome"
    )

    response = client.post("/privasi/hapus-akun/", CONFIRM)

    assert response.status_code == 302
    assert response["Location"] == "/privasi/hapus-akun/selesai/"
    assert (
        "Akun Anda dan data pribadi Anda sudah dihapus."
        in client.get(response["Location"]).content.decode()
    )
    assert client.get("/privasi/data-saya/").status_code == 302  # signed out
    assert not Client().login(email="warga@example.org", password=PASSWORD)

    account = User.objects.get(pk=person.pk)
    assert not account.is_active and not account.has_usable_password()
    assert account.email == f"{person.pk}@akun-terhapus.invalid"
    assert (account.full_name, account.phone, account.nip) == ("", "", None)

    complaint.refresh_from_db()
    assert complaint.description  # the public-interest record stays
    assert (complaint.reporter_name, complaint.reporter_email, complaint.reporter_phone) == (
        "",
        "",
        "",
    )
    assert complaint.reporter is None and not complaint.has_identity

    assert Post.objects.get(pk=post.pk).body == post.body
    assert Member.objects.get(user=person).display_name == "Akun dihapus"
    thread_page = Client().get(post.thread.get_absolute_url()).content.decode()
    assert "Akun dihapus" in thread_page

    participant.refresh_from_db()
    assert (participant.phone, participant.email, participant.telegram_chat_id) == ("", "", "")
    assert participant.user is None and participant.name == "Sri Rahayu"

    assert not Conversation.objects.exists()
    assert not UserSession.objects.filter(user=person).exists()

    (request,) = PrivacyRequest.objects.all()
    assert (request.kind, request.status) == (RequestKind.ERASURE, RequestStatus.COMPLETED)
    assert request.counts["complaints"] == 1 and request.counts["account"] >= 1
    change = AccessLog.objects.get(kind=AccessKind.CHANGE)
    assert change.object_id == str(person.pk)
    assert change.actor_label == f"{person.pk}@akun-terhapus.invalid"
    assert "warga@example.org" not in change.reason
    # Who viewed the complaint stays on record.
    assert AccessLog.objects.filter(kind=AccessKind.VIEW_IDENTITY).count() == 1


def test_erasure_waits_while_kpk_still_handles_a_gift_report(
    personas: Personas,
) -> None:
    p = personas
    report = gift_report_by(p.asn_a, p)
    client = signed_in(p.asn_a)
    assert "masih ditangani" in client.get("/privasi/hapus-akun/").content.decode()

    response = client.post("/privasi/hapus-akun/", CONFIRM)

    assert response.status_code == 409
    assert "tidak ada yang dihapus" in response.content.decode()
    assert User.objects.get(pk=p.asn_a.pk).is_active
    assert GratificationReport.objects.get(pk=report.pk).reporter_phone == "081234567890"
    (request,) = PrivacyRequest.objects.all()
    assert request.status == RequestStatus.REFUSED
    assert "masih ditangani" in request.reason
    assert AccessLog.objects.filter(kind=AccessKind.CHANGE).count() == 1


def test_a_draft_is_deleted_and_a_concluded_report_keeps_its_statutory_fields_only(
    personas: Personas,
) -> None:
    p = personas
    concluded = gift_report_by(p.asn_a, p)
    GratificationReport.objects.filter(pk=concluded.pk).update(
        status=ReportStatus.DETERMINATION_STOPPED
    )
    draft = gift_report_by(p.asn_a, p)
    GratificationReport.objects.filter(pk=draft.pk).update(status=ReportStatus.DRAFT, number=None)

    response = signed_in(p.asn_a).post("/privasi/hapus-akun/", CONFIRM)

    assert response.status_code == 302
    assert not GratificationReport.objects.filter(pk=draft.pk).exists()
    kept = GratificationReport.objects.get(pk=concluded.pk)
    assert (kept.reporter_phone, kept.reporter_email) == ("", "")
    assert kept.reporter_nik == concluded.reporter_nik
    assert kept.reporter_name == concluded.reporter_name
    assert not Membership.objects.filter(user=p.asn_a).exists()


def test_a_staff_member_must_lose_their_roles_before_erasing(personas: Personas) -> None:
    response = signed_in(personas.admin_a).post("/privasi/hapus-akun/", CONFIRM)
    assert response.status_code == 409
    assert "peran petugas" in response.content.decode()
    assert User.objects.get(pk=personas.admin_a.pk).is_active


def test_only_kpk_officers_see_the_list_of_requests_and_never_their_contents(
    personas: Personas, regions: None
) -> None:
    p = personas
    complaint_by(p.citizen)
    signed_in(p.citizen).post("/privasi/data-saya/ekspor/", {"format": "json"})
    signed_in(p.admin_a).post("/privasi/hapus-akun/", CONFIRM)

    html = signed_in(p.kpk_officer).get("/privasi/permintaan/").content.decode()
    assert "2 permintaan" in html
    assert "Ekspor data pribadi" in html and "Ditolak" in html
    assert "warga@example.org" not in html and "Sri Rahayu" not in html
    for outsider in (p.citizen, p.admin_a, p.officer_b):
        assert signed_in(outsider).get("/privasi/permintaan/").status_code == 404
    assert Participant.objects.count() == 0
    assert Complaint.objects.count() == 1

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client

from cegah.complaints import actions
from cegah.complaints.codes import format_code, new_code, normalize_code
from cegah.complaints.models import Complaint, EventKind, Status
from cegah.complaints.tests.factories import (
    MONDAY,
    forwarded,
    pdf,
    photo,
    public,
    resolved,
    submit,
)
from cegah.test import Personas

pytestmark = pytest.mark.usefixtures("regions")


def test_codes_have_80_random_bits_in_four_groups_that_survive_reading_aloud() -> None:
    codes = {new_code() for _ in range(200)}
    assert len(codes) == 200
    code = codes.pop()
    assert len(code) == 16
    shown = format_code(code)
    assert len(shown) == 19 and shown.count("-") == 3
    assert normalize_code(shown.lower()) == code
    assert normalize_code(" ".join(shown.split("-"))) == code
    assert normalize_code("OIL0-0000-0000-0000") == "0110000000000000"  # O→0, I/L→1
    assert normalize_code("UUUU-0000-0000-0000") is None  # U is not in the alphabet
    assert normalize_code("ABC") is None


def test_entering_the_code_opens_the_timeline_and_remembers_the_code(
    client: Client, personas: Personas
) -> None:
    complaint = submit()
    response = client.post("/keluhan/lacak/", {"code": complaint.display_code.lower()})
    assert response.status_code == 302
    assert response["Location"] == f"/keluhan/{complaint.display_code}/"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert complaint.display_code in page.content.decode()
    # Next time the holder need not type it again.
    listing = client.get("/keluhan/lacak/").content.decode()
    assert f'href="/keluhan/{complaint.display_code}/"' in listing


def test_a_code_without_dashes_or_in_lower_case_reaches_the_same_page(
    client: Client, personas: Personas
) -> None:
    complaint = submit()
    assert client.get(f"/keluhan/{complaint.tracking_code.lower()}/").status_code == 200


def test_an_unknown_code_is_explained_on_the_form_and_a_404_in_the_address(
    client: Client, db: None
) -> None:
    response = client.post("/en/keluhan/lacak/", {"code": "K7QM-2XRA-9FTB-H4WD"})
    assert response.status_code == 404
    assert "No complaint has this code" in response.content.decode()
    assert client.get("/keluhan/K7QM-2XRA-9FTB-H4WD/").status_code == 404
    bad = client.post("/en/keluhan/lacak/", {"code": "hello"})
    assert bad.status_code == 400
    assert "This is not a tracking code" in bad.content.decode()


def test_the_timeline_hides_internal_notes_and_the_agencys_reasons(
    client: Client, personas: Personas
) -> None:
    complaint = forwarded(personas)
    actions.add_note(actor=personas.admin_a, complaint=complaint, message="Catatan rahasia staf")
    actions.reply_to_reporter(
        actor=personas.admin_a, complaint=complaint, message="Kami sedang memeriksa sekolah itu."
    )
    actions.reject_authority(
        actor=personas.admin_a, complaint=complaint, reason="Alasan internal instansi"
    )
    html = client.get(public(complaint)).content.decode()
    assert "Kami sedang memeriksa sekolah itu." in html
    assert "Catatan rahasia staf" not in html
    assert "Alasan internal instansi" not in html
    assert "admin.a@example.org" not in html
    assert "Sri Rahayu" not in html  # the page shows no identity either


def test_the_holder_answers_a_question_and_the_complaint_goes_back_to_the_verifiers(
    client: Client, personas: Personas
) -> None:
    complaint = submit()
    actions.return_for_information(
        actor=personas.kpk_officer, complaint=complaint, question="Kapan tepatnya?"
    )
    page = client.get(public(complaint)).content.decode()
    assert "Kapan tepatnya?" in page
    response = client.post(
        public(complaint, "tanggapi/"),
        {"message": "Tanggal 2 Maret pagi.", "evidence": [photo()]},
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Status.RECEIVED
    assert complaint.information_by is None
    event = complaint.events.get(kind=EventKind.REPORTER_UPDATE)
    assert event.message == "Tanggal 2 Maret pagi."
    assert event.actor is None
    assert complaint.attachments.get().event == event


def test_an_empty_answer_is_refused_and_the_page_shown_again(
    client: Client, personas: Personas
) -> None:
    complaint = submit()
    response = client.post(public(complaint, "tanggapi/", en=True), {"message": ""})
    assert response.status_code == 400
    assert "Write a message or attach a file." in response.content.decode()


def test_attachments_are_served_only_to_the_holder_of_the_code(
    client: Client, personas: Personas
) -> None:
    complaint = submit(files=[])
    client.post(public(complaint, "tanggapi/"), {"evidence": [pdf()]})
    attachment = complaint.attachments.get()
    url = public(complaint, f"lampiran/{attachment.pk}/")
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
    other = submit()
    assert client.get(public(other, f"lampiran/{attachment.pk}/")).status_code == 404
    assert client.get(f"/keluhan/K7QM-2XRA-9FTB-H4WD/lampiran/{attachment.pk}/").status_code == 404
    assert "/media/" not in client.get(public(complaint)).content.decode()


def test_a_staff_only_attachment_is_not_served_to_the_reporter(
    client: Client, personas: Personas
) -> None:
    complaint = forwarded(personas)
    event = actions.add_note(actor=personas.admin_a, complaint=complaint, message="foto internal")
    from cegah.complaints.actions import _store_files
    from cegah.complaints.models import AttachmentSource
    from cegah.lib.uploads import clean_upload

    (internal,) = _store_files(
        complaint,
        [clean_upload(photo())],
        event=event,
        source=AttachmentSource.STAFF,
        uploaded_by=personas.admin_a,
    )
    assert internal.internal
    assert client.get(public(complaint, f"lampiran/{internal.pk}/")).status_code == 404


def test_the_reporter_reopens_a_resolved_complaint_once_within_30_days(
    client: Client, personas: Personas, mailoutbox: list[Any]
) -> None:
    with time_machine.travel(MONDAY, tick=False):
        complaint = resolved(personas)
    with time_machine.travel(MONDAY + dt.timedelta(days=29), tick=False):
        mailoutbox.clear()
        response = client.post(public(complaint, "buka-kembali/"), {"reason": "Masih ditarik."})
        assert response.status_code == 302
        complaint.refresh_from_db()
        assert complaint.status == Status.REOPENED
        assert complaint.reopen_count == 1
        assert complaint.resolve_by is not None
        assert [m.to for m in mailoutbox] == [["admin.a@example.org"]]
        actions.resolve_complaint(actor=personas.admin_a, complaint=complaint, reply="Sudah.")
        again = client.post(
            public(complaint, "buka-kembali/", en=True), {"reason": "Tetap saja."}, follow=True
        )
        assert "already been reopened once" in again.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == Status.RESOLVED


def test_a_complaint_cannot_be_reopened_after_30_days(client: Client, personas: Personas) -> None:
    with time_machine.travel(MONDAY, tick=False):
        complaint = resolved(personas)
    with time_machine.travel(MONDAY + dt.timedelta(days=31), tick=False):
        page = client.get(public(complaint)).content.decode()
        assert "buka-kembali" not in page
        response = client.post(
            public(complaint, "buka-kembali/", en=True), {"reason": "Masih."}, follow=True
        )
        assert "within 30 days" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == Status.RESOLVED


def test_the_reporter_rates_the_outcome_once(client: Client, personas: Personas) -> None:
    complaint = resolved(personas)
    response = client.post(public(complaint, "nilai/"), {"rating": "4", "comment": "Cepat."})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert (complaint.rating, complaint.rating_comment) == (4, "Cepat.")
    assert complaint.events.filter(kind=EventKind.RATED).count() == 1
    again = client.post(public(complaint, "nilai/", en=True), {"rating": "1"}, follow=True)
    assert "already rated" in again.content.decode()
    complaint.refresh_from_db()
    assert complaint.rating == 4


def test_a_rating_outside_1_to_5_is_refused(client: Client, personas: Personas) -> None:
    complaint = resolved(personas)
    assert client.post(public(complaint, "nilai/"), {"rating": "6"}).status_code == 400
    assert Complaint.objects.get().rating is None


def test_an_open_complaint_cannot_be_rated_or_reopened(client: Client, personas: Personas) -> None:
    complaint = forwarded(personas)
    response = client.post(public(complaint, "nilai/", en=True), {"rating": "5"}, follow=True)
    assert "cannot be done while the complaint is" in response.content.decode()
    client.post(public(complaint, "buka-kembali/"), {"reason": "x"})
    complaint.refresh_from_db()
    assert (complaint.status, complaint.rating) == (Status.FORWARDED, None)


def test_a_closed_complaint_takes_no_more_evidence(client: Client, personas: Personas) -> None:
    complaint = submit()
    actions.close_complaint(actor=personas.kpk_officer, complaint=complaint, reason="spam")
    response = client.post(
        public(complaint, "tanggapi/", en=True), {"message": "Tambahan"}, follow=True
    )
    assert "cannot be done while the complaint is" in response.content.decode()
    assert not complaint.events.filter(kind=EventKind.REPORTER_UPDATE).exists()

"""Reporting a gratification: drafts, evidence, submission, number and receipt."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from cegah.gratification.models import GratificationEvent, GratificationReport, ReportStatus
from cegah.gratification.tests.conftest import Gratification
from cegah.gratification.tests.factories import create_draft, report_fields, submit


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(out, format="PNG")
    return out.getvalue()


def test_an_anonymous_visitor_is_sent_to_log_in(client: Client) -> None:
    response = client.get("/gratifikasi/laporan/baru/")
    assert response.status_code == 302 and "/akun/login/" in response["Location"]


def test_a_citizen_without_a_civil_servant_role_cannot_report(
    client: Client, people: Gratification
) -> None:
    client.force_login(people.p.citizen)
    assert client.get("/gratifikasi/laporan/baru/").status_code == 403


def test_a_civil_servant_saves_a_draft_with_the_assessment_and_deadlines(
    client: Client, people: Gratification
) -> None:
    client.force_login(people.p.asn_a)
    report = create_draft(client)
    assert report.status == ReportStatus.DRAFT and report.number is None
    assert report.agency == people.p.unit_a and report.government == people.p.agency_a
    assert report.assessment["must_report"] is True
    assert report.rules_version is not None
    assert report.rules_version.regulation == "Peraturan KPK Nomor 1 Tahun 2026"
    assert report.deadline is not None and report.upg_deadline is not None
    assert GratificationEvent.objects.filter(report=report, kind="created").count() == 1


def test_an_invalid_nik_is_refused_and_the_form_keeps_what_was_typed(
    client: Client, people: Gratification
) -> None:
    client.force_login(people.p.asn_a)
    response = client.post("/en/gratifikasi/laporan/baru/", report_fields(reporter_nik="1234"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "This is not a valid NIK" in html
    assert "Diberikan setelah rapat pengadaan bangku sekolah." in html
    assert not GratificationReport.objects.exists()


def test_a_rejected_upload_keeps_everything_typed(client: Client, people: Gratification) -> None:
    client.force_login(people.p.asn_a)
    bad = SimpleUploadedFile("virus.exe", b"MZ\x90\x00 not an image", "image/png")
    response = client.post("/en/gratifikasi/laporan/baru/", report_fields(evidence=bad))
    assert response.status_code == 400
    html = response.content.decode()
    assert "is not an accepted file type" in html
    assert "CV Maju Jaya" in html and "Kantor Dinas Pendidikan" in html
    assert "please choose your evidence files again" in html
    assert not GratificationReport.objects.exists()


def test_evidence_is_cleaned_and_served_only_through_the_report(
    client: Client, people: Gratification
) -> None:
    client.force_login(people.p.asn_a)
    photo = SimpleUploadedFile("amplop.png", _png(), "image/png")
    report = create_draft(client, evidence=photo)
    evidence = report.evidence.get()
    assert evidence.content_type == "image/png" and evidence.original_name == "amplop.png"
    assert "amplop" not in evidence.file.name
    url = f"/gratifikasi/laporan/{report.pk}/bukti/{evidence.pk}/"
    assert client.get(url).status_code == 200
    client.force_login(people.asn_a2)
    assert client.get(url).status_code == 404


def test_the_same_form_sent_twice_creates_one_draft(client: Client, people: Gratification) -> None:
    client.force_login(people.p.asn_a)
    create_draft(client)
    create_draft(client)
    assert GratificationReport.objects.count() == 1


def test_a_draft_can_be_changed_and_is_judged_again(client: Client, people: Gratification) -> None:
    client.force_login(people.p.asn_a)
    report = create_draft(client)
    response = client.post(
        f"/gratifikasi/laporan/{report.pk}/ubah/",
        report_fields(value_idr="12000000", giver_relation="other"),
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.value_idr == 12_000_000
    assert report.assessment["burden_of_proof_on_recipient"] is True


def test_submitting_twice_gives_one_number_and_one_event(
    client: Client, people: Gratification
) -> None:
    client.force_login(people.p.asn_a)
    report = submit(client, create_draft(client))
    number = report.number
    assert number == f"GR-2026-{report.pk:06d}"
    submit(client, report)
    assert report.number == number
    assert report.events.filter(kind="submitted").count() == 1


def test_a_submitted_report_can_no_longer_be_changed(client: Client, people: Gratification) -> None:
    client.force_login(people.p.asn_a)
    report = submit(client, create_draft(client))
    client.post(f"/gratifikasi/laporan/{report.pk}/ubah/", report_fields(value_idr="1"))
    report.refresh_from_db()
    assert report.value_idr == 2_000_000


def test_the_receipt_shows_the_number_and_where_the_report_went(
    client: Client, people: Gratification
) -> None:
    client.force_login(people.p.asn_a)
    report = submit(client, create_draft(client))
    html = client.get(f"/gratifikasi/laporan/{report.pk}/tanda-terima/").content.decode()
    assert f'<strong id="report-number">{report.number}</strong>' in html
    assert "Unit Pengendalian Gratifikasi (UPG) Pemerintah Kabupaten Klaten" in html


def test_a_gift_reported_after_its_deadline_is_marked_late(
    client: Client, people: Gratification
) -> None:
    client.force_login(people.p.asn_a)
    report = submit(client, create_draft(client, received_on="2026-06-01"))
    assert report.late is True
    fresh = submit(client, create_draft(client, form_token="token-2"))
    assert fresh.late is False


def test_my_reports_lists_only_my_own(client: Client, people: Gratification) -> None:
    client.force_login(people.p.asn_a)
    create_draft(client)
    client.force_login(people.asn_a2)
    response = client.get("/gratifikasi/laporan/")
    assert list(response.context["reports"]) == []


def test_the_reports_yes_no_answers_take_part_in_its_assessment(
    client: Client, people: Gratification
) -> None:
    client.force_login(people.p.asn_a)
    wedding = {
        "received_on": "2026-06-10",
        "occasion": "wedding",
        "giver_relation": "other",
        "value_idr": "1200000",
    }
    report = create_draft(client, **wedding)
    assert report.assessment["must_report"] is False
    assert report.assessment["exemption"]["letter"] == "l"
    client.post(
        f"/gratifikasi/laporan/{report.pk}/ubah/",
        report_fields(**wedding, conflict_of_interest="on"),
    )
    report.refresh_from_db()
    assert report.answers["conflict_of_interest"] is True
    assert report.assessment["must_report"] is True
    html = client.get(f"/gratifikasi/laporan/{report.pk}/ubah/").content.decode()
    assert 'name="conflict_of_interest" id="id_conflict_of_interest" checked' in html


def test_a_draft_past_its_deadline_opens_with_the_passed_deadline_and_what_to_do(
    client: Client, people: Gratification
) -> None:
    client.force_login(people.p.asn_a)
    late = create_draft(client, form_token="late", received_on="2026-06-01")
    html = client.get(f"/gratifikasi/laporan/{late.pk}/").content.decode()
    assert html.index('id="deadline-passed"') < html.index("<dl>")
    assert "Batas waktu pelaporan gratifikasi ini sudah lewat pada 14 Juli 2026." in html
    assert "Laporan yang terlambat tetap diterima." in html
    recent = create_draft(client, form_token="recent")
    assert (
        'id="deadline-passed"'
        not in client.get(f"/gratifikasi/laporan/{recent.pk}/").content.decode()
    )
    # Staff reviewing a report see the late mark, not the reporter's to-do list.
    submit(client, late)
    client.force_login(people.upg_a)
    assert (
        'id="deadline-passed"'
        not in client.get(f"/gratifikasi/laporan/{late.pk}/").content.decode()
    )

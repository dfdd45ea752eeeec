"""The receipt and the decision letter as PDF files: their content, and the same privacy as
the pages they print."""

from __future__ import annotations

import io
import re

from django.test import Client
from pypdf import PdfReader

from cegah.audit.models import AccessLog
from cegah.gratification.models import GratificationReport
from cegah.gratification.tests.conftest import Gratification
from cegah.gratification.tests.factories import DECIDE, create_draft, submit


def pdf_text(response: object) -> str:
    """The text of every page of a PDF response, with whitespace collapsed."""
    assert response.status_code == 200, response  # type: ignore[attr-defined]
    assert response["Content-Type"] == "application/pdf"  # type: ignore[index]
    reader = PdfReader(io.BytesIO(response.content))  # type: ignore[attr-defined]
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def _decided(
    client: Client, people: Gratification, decision: str, **fields: str
) -> GratificationReport:
    client.force_login(people.p.asn_a)
    report = submit(client, create_draft(client))
    client.force_login(people.upg_a)
    client.post(f"/gratifikasi/laporan/{report.pk}/teruskan/")
    client.force_login(people.kpk_grat)
    client.post(f"/gratifikasi/laporan/{report.pk}/verifikasi/")
    data = {**DECIDE, "decide-decision": decision, **{f"decide-{k}": v for k, v in fields.items()}}
    client.post(f"/gratifikasi/laporan/{report.pk}/tetapkan/", data)
    report.refresh_from_db()
    assert report.decision == decision
    return report


def test_the_receipt_pdf_carries_the_report_number_and_the_report(
    client: Client, people: Gratification
) -> None:
    client.force_login(people.p.asn_a)
    report = submit(client, create_draft(client))
    page = client.get(f"/gratifikasi/laporan/{report.pk}/tanda-terima/")
    assert f'href="/gratifikasi/laporan/{report.pk}/tanda-terima.pdf"' in page.content.decode()
    text = pdf_text(client.get(f"/gratifikasi/laporan/{report.pk}/tanda-terima.pdf"))
    assert report.number and report.number in text
    assert "Sri Lestari" in text
    assert "Dinas Pendidikan Kabupaten Klaten" in text
    assert "Rp2.000.000" in text
    assert "16 Nov. 2026" in text


def test_the_decision_letter_pdf_states_the_decision_and_the_amount(
    client: Client, people: Gratification
) -> None:
    report = _decided(
        client, people, "milik_negara_dapat_diganti_uang", amount_idr="1500000", reason=""
    )
    client.force_login(people.p.asn_a)
    page = client.get(f"/gratifikasi/laporan/{report.pk}/keputusan/")
    assert f'href="/gratifikasi/laporan/{report.pk}/keputusan.pdf"' in page.content.decode()
    text = pdf_text(client.get(f"/gratifikasi/laporan/{report.pk}/keputusan.pdf"))
    assert report.number and report.number in text
    assert "Milik negara yang dapat diganti dengan uang" in text
    assert "Rp1.500.000" in text


def test_the_decision_letter_pdf_gives_the_reason_in_english_too(
    client: Client, people: Gratification
) -> None:
    report = _decided(
        client, people, "tidak_dapat_ditindaklanjuti", reason="Laporan tidak lengkap."
    )
    client.force_login(people.p.asn_a)
    text = pdf_text(client.get(f"/en/gratifikasi/laporan/{report.pk}/keputusan.pdf"))
    assert report.number and report.number in text
    assert "Cannot be followed up" in text
    assert "Laporan tidak lengkap." in text


def test_there_is_no_pdf_before_a_number_or_a_decision(
    client: Client, people: Gratification
) -> None:
    client.force_login(people.p.asn_a)
    draft = create_draft(client)
    assert client.get(f"/gratifikasi/laporan/{draft.pk}/tanda-terima.pdf").status_code == 404
    submit(client, draft)
    assert client.get(f"/gratifikasi/laporan/{draft.pk}/keputusan.pdf").status_code == 404


def test_officer_of_other_agency_gets_404_for_both_pdfs(
    client: Client, people: Gratification
) -> None:
    report = _decided(client, people, "milik_penerima")
    client.force_login(people.p.officer_b)
    for name in ("tanda-terima.pdf", "keputusan.pdf"):
        assert client.get(f"/gratifikasi/laporan/{report.pk}/{name}").status_code == 404
    assert not AccessLog.objects.filter(actor=people.p.officer_b).exists()


def test_a_staff_download_of_a_pdf_is_logged(client: Client, people: Gratification) -> None:
    report = _decided(client, people, "milik_penerima")
    client.force_login(people.upg_a)
    before = AccessLog.objects.for_object(report).filter(actor=people.upg_a).count()
    for name in ("tanda-terima.pdf", "keputusan.pdf"):
        assert client.get(f"/gratifikasi/laporan/{report.pk}/{name}").status_code == 200
    rows = AccessLog.objects.for_object(report).filter(actor=people.upg_a)
    assert rows.count() == before + 2
    assert set(rows.order_by("-id")[:2].values_list("kind", flat=True)) == {"download"}

"""The decision letter is a decree: numbered per issuing body, dated, naming the reporter, the
object and its value, citing its legal basis, saying what the decision means and what the
reporter must do by when, signed, and carrying a QR code to a public page that verifies it by
its hash without personal data. The reporter's own page shows the decision and next steps."""

from __future__ import annotations

import base64
import io
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from pypdf import PdfReader
from pytest_django.fixtures import Settings as SettingsWrapper

from cegah.audit.models import AccessLog
from cegah.gratification.models import EventKind, GratificationReport
from cegah.gratification.tests.conftest import Gratification
from cegah.gratification.tests.factories import (
    DECIDE,
    SIGNATORY,
    decide,
    decide_directly,
    submitted_reports,
)

BASIS = [
    "Pasal 12B dan Pasal 12C Undang-Undang Nomor 31 Tahun 1999 tentang Pemberantasan Tindak "
    "Pidana Korupsi sebagaimana diubah dengan Undang-Undang Nomor 20 Tahun 2001",
    "Pasal 16 sampai dengan Pasal 18 Undang-Undang Nomor 30 Tahun 2002 tentang Komisi "
    "Pemberantasan Tindak Pidana Korupsi sebagaimana telah beberapa kali diubah, terakhir "
    "dengan Undang-Undang Nomor 19 Tahun 2019",
    "Peraturan KPK Nomor 2 Tahun 2019 tentang Pelaporan Gratifikasi sebagaimana diubah dengan "
    "Peraturan KPK Nomor 1 Tahun 2026",
]


def _report(people: Gratification, **fields: Any) -> GratificationReport:
    """A contractor's envelope of Rp2,000,000 reported by Sri Lestari, at KPK."""
    people.p.agency_a.has_gratification_unit = False
    people.p.agency_a.save()
    (report,) = submitted_reports(people.p.asn_a, people.p.unit_a, 1, **fields)
    return report


def _decided(
    client: Client, people: Gratification, decision: str = "milik_negara", **fields: Any
) -> GratificationReport:
    client.force_login(people.kpk_grat)
    return decide(client, _report(people), decision, **fields)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_decree_is_numbered_per_issuing_body_with_its_running_number_for_the_year(
    client: Client, people: Gratification
) -> None:
    reports = [_report(people) for _ in range(3)]
    client.force_login(people.kpk_grat)
    first = decide(client, reports[0], "milik_penerima")
    second = decide(client, reports[1], "milik_penerima")
    deputy = decide(client, reports[2], "milik_penerima", issuer="deputi")
    assert first.decree_number == "KEP-0001/13-GTF/XI/2026"
    assert second.decree_number == "KEP-0002/13-GTF/XI/2026"
    assert deputy.decree_number == "KEP-0001/10-GTF/XI/2026"
    assert (first.decree_issuer, first.decree_year, first.decree_sequence) == ("direktur", 2026, 1)
    assert str(first.decree_date) == "2026-11-23"
    assert (first.signatory_name, first.signatory_position) == (
        SIGNATORY["name"],
        SIGNATORY["position"],
    )
    assert first.decree_basis == BASIS
    assert len(first.decree_hash) == 64
    event = first.events.get(kind=EventKind.DECIDED)
    assert event.actor == people.kpk_grat


def test_the_number_follows_the_pattern_set_for_the_issuing_body(
    client: Client, people: Gratification, settings: SettingsWrapper
) -> None:
    settings.GRATIFICATION_DECREE_NUMBER_FORMATS = {
        **settings.GRATIFICATION_DECREE_NUMBER_FORMATS,
        "pimpinan": "{seq}/GTF.00.02/01/{month:02d}/{year}",
    }
    report = _decided(client, people, "milik_penerima", issuer="pimpinan")
    assert report.decree_number == "1/GTF.00.02/01/11/2026"


def test_a_decision_without_its_signatory_is_refused_and_nothing_is_decided(
    client: Client, people: Gratification
) -> None:
    report = _report(people)
    client.force_login(people.kpk_grat)
    client.post(f"/gratifikasi/laporan/{report.pk}/verifikasi/")
    data = {"decide-decision": "milik_negara", "decide-issuer": "direktur"}
    response = client.post(f"/gratifikasi/laporan/{report.pk}/tetapkan/", data, follow=True)
    assert "Kolom ini wajib diisi." in response.content.decode()
    report.refresh_from_db()
    assert report.decision == "" and report.decree_number == ""


def test_the_letter_states_everything_a_decree_does(client: Client, people: Gratification) -> None:
    report = _decided(client, people, "milik_negara")
    client.force_login(people.p.asn_a)
    html = client.get(f"/gratifikasi/laporan/{report.pk}/keputusan/").content.decode()
    text = _text(html)
    assert "Keputusan Direktur Gratifikasi dan Pelayanan Publik" in text
    assert "Nomor KEP-0001/13-GTF/XI/2026" in text
    assert "Sri Lestari, Guru SD Negeri 1 Klaten pada Dinas Pendidikan Kabupaten Klaten" in text
    assert "Amplop berisi uang tunai" in text and "Rp2.000.000" in text
    for line in BASIS:
        assert f'<cite lang="id">{line}</cite>' in html
    assert "Milik negara" in text
    assert "KPK menetapkan pemberian itu menjadi milik negara" in text
    assert "Setorkan uang itu ke kas negara paling lambat 2 Desember 2026" in text
    assert "Ditetapkan di Jakarta pada tanggal 23 November 2026" in text
    assert f"{SIGNATORY['position']}," in text and SIGNATORY["name"] in text
    url = f"http://127.0.0.1:8000/gratifikasi/verifikasi/{report.decree_hash}/"
    assert f'href="{url}"' in html
    qr = re.search(r'<img src="data:image/svg\+xml;base64,([^"]+)"', html)
    assert qr is not None
    assert b"<path" in base64.b64decode(qr.group(1))


def test_the_pdf_letter_carries_the_same_decree(client: Client, people: Gratification) -> None:
    report = _decided(client, people, "milik_negara_dapat_diganti_uang", amount_idr="2000000")
    response = client.get(f"/gratifikasi/laporan/{report.pk}/keputusan.pdf")
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
    assert "KEP-0001/13-GTF/XI/2026" in text
    assert "Sri Lestari" in text and "Rp2.000.000" in text
    assert "Pasal 12B dan Pasal 12C" in text
    assert "paling lambat 2 Desember 2026" in text
    assert SIGNATORY["name"] in text
    assert report.decree_hash in text.replace(" ", "")
    assert AccessLog.objects.filter(actor=people.kpk_grat, object_id=str(report.pk)).exists()


@pytest.mark.parametrize(
    ("decision", "fields", "step"),
    [
        ("milik_penerima", {}, "Anda boleh menyimpan dan menggunakan pemberian itu."),
        (
            "milik_negara",
            {},
            "Setorkan uang itu ke kas negara paling lambat 2 Desember 2026",
        ),
        (
            "milik_negara_dapat_diganti_uang",
            {"amount_idr": "1500000"},
            "setorkan Rp1.500.000 ke kas negara paling lambat 2 Desember 2026",
        ),
        (
            "tidak_dapat_ditindaklanjuti",
            {"reason": "Tidak bernilai ekonomis."},
            "Tidak ada yang perlu diserahkan.",
        ),
    ],
)
def test_the_reporters_own_page_shows_the_decision_and_what_to_do_by_when(
    client: Client, people: Gratification, decision: str, fields: dict[str, str], step: str
) -> None:
    report = _decided(client, people, decision, **fields)
    client.force_login(people.p.asn_a)
    html = client.get(f"/gratifikasi/laporan/{report.pk}/").content.decode()
    box = html[
        html.index('id="decision-box"') : html.index("</section>", html.index('id="decision-box"'))
    ]
    assert "Keputusan KPK" in box
    assert "Yang harus Anda lakukan" in box
    assert step in _text(box)
    assert report.decree_number in box
    assert f'href="/gratifikasi/laporan/{report.pk}/keputusan/"' in box


def test_goods_already_with_the_upg_are_handed_over_by_the_upg(
    client: Client, people: Gratification
) -> None:
    (report,) = submitted_reports(
        people.p.asn_a, people.p.unit_a, 1, category="other", form="goods",
        description="Jam tangan", object_location="handed_to_upg",
    )  # fmt: skip
    report = decide_directly(people.kpk_grat, report, "milik_negara")
    client.force_login(people.p.asn_a)
    html = client.get(f"/gratifikasi/laporan/{report.pk}/").content.decode()
    assert "Unit Pengendalian Gratifikasi (UPG) Anda menyimpan barang itu" in _text(html)


def test_the_email_tells_the_reporter_what_to_do_by_when(
    client: Client, people: Gratification, mailoutbox: list[Any]
) -> None:
    _decided(client, people, "milik_negara")
    (email,) = mailoutbox
    assert "KEP-0001/13-GTF/XI/2026" in email.body
    assert "Setorkan uang itu ke kas negara paling lambat 2 Desember 2026" in email.body


def test_anyone_verifies_the_letter_by_its_hash_without_seeing_personal_data(
    client: Client, people: Gratification
) -> None:
    report = _decided(client, people, "milik_negara")
    client.logout()
    response = client.get(f"/gratifikasi/verifikasi/{report.decree_hash}/")
    assert response.status_code == 200
    text = _text(response.content.decode())
    assert "Surat keputusan ini asli" in text
    assert "KEP-0001/13-GTF/XI/2026" in text and "23 November 2026" in text
    assert "Milik negara" in text and SIGNATORY["name"] in text
    for private in ("Sri Lestari", "3310255205880004", "Klaten", "Amplop", "2.000.000", "GR-2026"):
        assert private not in text, private


def test_a_letter_whose_record_was_changed_does_not_verify(
    client: Client, people: Gratification
) -> None:
    report = _decided(client, people, "milik_penerima")
    GratificationReport.objects.filter(pk=report.pk).update(value_idr=200_000)
    text = _text(client.get(f"/gratifikasi/verifikasi/{report.decree_hash}/").content.decode())
    assert "Surat keputusan ini asli" not in text
    assert "catatannya telah berubah" in text


@pytest.mark.parametrize("digest", ["0" * 64, "abc", "G" * 64, ("A" * 64)])
def test_an_unknown_or_malformed_hash_is_a_404(client: Client, digest: str) -> None:
    assert client.get(f"/gratifikasi/verifikasi/{digest}/").status_code == 404


def test_an_officer_of_another_agency_sees_neither_the_report_nor_its_letter(
    client: Client, people: Gratification
) -> None:
    report = _decided(client, people, "milik_negara")
    for who in (people.p.officer_b, people.p.kpk_officer, people.asn_a2):
        client.force_login(who)
        for suffix in ("", "keputusan/", "keputusan.pdf"):
            assert client.get(f"/gratifikasi/laporan/{report.pk}/{suffix}").status_code == 404


def test_the_decision_form_offers_the_issuing_bodies(client: Client, people: Gratification) -> None:
    report = _report(people)
    client.force_login(people.kpk_grat)
    client.post(f"/gratifikasi/laporan/{report.pk}/verifikasi/")
    html = client.get(f"/gratifikasi/laporan/{report.pk}/").content.decode()
    for issuer in DECIDE["decide-issuer"], "pimpinan", "deputi":
        assert f'name="decide-issuer" value="{issuer}"' in html
    assert 'name="decide-signatory_name"' in html and 'name="decide-signatory_position"' in html


ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("KEP-{nomor}/{year}", "may only use {seq}, {year}, {month} and {month_roman}"),
        ("KEP-{seq:x.y}/{year}", "may only use"),
        ("KEP/{year}", "must contain {seq}"),
        ("KEP-{{seq}}/{year}", "must contain {seq}"),
    ],
)
def test_a_number_pattern_that_cannot_number_decrees_stops_start_up(
    value: str, message: str
) -> None:
    env = {**os.environ, "GRATIFICATION_DECREE_NUMBER_DEPUTI": value, "CEGAH_ENV": "development"}
    result = subprocess.run(
        [sys.executable, "-c", "import cegah.settings"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode != 0
    assert "GRATIFICATION_DECREE_NUMBER_DEPUTI" in result.stderr and message in result.stderr

"""People's own words, typos and abbreviations included, and the service they mean. The
check must name the right service first for at least 90% of them."""

from __future__ import annotations

import datetime as dt

import pytest

from cegah.services.public import check_fee

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fees")]

ON = dt.date(2026, 6, 1)
FLOOR = 0.90

QUESTIONS: list[tuple[str, str]] = [
    ("bikin SIM A berapa?", "sim-a"),
    ("brp biaya sim a baru", "sim-a"),
    ("perpanjang sim A brp ya", "sim-a"),
    ("sim mobil bayar berapa", "sim-a"),
    ("biaya bikin sim c 2026", "sim-c"),
    ("sim motor berapa sih", "sim-c"),
    ("perpanjangan SIM C", "sim-c"),
    ("sim b1 umum harganya", "sim-b"),
    ("sim truk berapa", "sim-b"),
    ("sim internasional brp", "sim-internasional"),
    ("sim buat difabel", "sim-d"),
    ("akta kelahiran bayar?", "akta-kelahiran"),
    ("akte lahir anak bayar ga", "akta-kelahiran"),
    ("bikin akte kelahiran bayi brp", "akta-kelahiran"),
    ("ngurus akta kematian bayar?", "akta-kematian"),
    ("ktp hilang ganti bayar berapa", "ktp-el"),
    ("e-ktp bayar ga sih", "ktp-el"),
    ("rekam ktp elektronik biaya", "ktp-el"),
    ("bikin kk baru bayar?", "kartu-keluarga"),
    ("tambah anggota kartu keluarga", "kartu-keluarga"),
    ("surat pindah domisili bayar", "surat-pindah"),
    ("skck berapa", "skck"),
    ("bikin skck di polsek bayar berapa", "skck"),
    ("surat kelakuan baik polisi", "skck"),
    ("biaya stnk 5 tahunan motor", "stnk"),
    ("perpanjang stnk mobil brp", "stnk"),
    ("ganti plat nomor motor", "tnkb"),
    ("balik nama motor bpkb", "bpkb"),
    ("mutasi motor ke luar provinsi", "mutasi-kendaraan"),
    ("biaya bikin paspor", "paspor"),
    ("pasport 10 thn berapa", "paspor"),
    ("e-paspor harganya", "paspor"),
    ("paspor hilang dendanya", "paspor"),
    ("splp berapa", "splp"),
    ("nikah di kua bayar?", "nikah-kua"),
    ("biaya nikah di rumah", "nikah-kua"),
    ("akad nikah hari minggu bayar berapa ke penghulu", "nikah-kua"),
    ("uang gedung sd negeri", "spp-sekolah-negeri"),
    ("spp smp negeri bayar ga", "spp-sekolah-negeri"),
    ("uang komite sekolah wajib?", "spp-sekolah-negeri"),
    ("daftar ulang ppdb bayar", "pendaftaran-sekolah-negeri"),
    ("formulir spmb berapa", "pendaftaran-sekolah-negeri"),
    ("berobat di puskesmas pake bpjs bayar?", "puskesmas"),
    ("bikin nib di oss bayar", "nib-oss"),
    ("izin usaha umkm biaya", "nib-oss"),
    ("surat pengantar rt rw kelurahan bayar", "surat-pengantar-desa"),
    ("How much is a new passport?", "paspor"),
    ("birth certificate fee", "akta-kelahiran"),
]


def test_the_question_set_is_big_enough() -> None:
    assert len(QUESTIONS) >= 40


def test_top_1_accuracy_on_peoples_own_words() -> None:
    wrong = []
    for question, expected in QUESTIONS:
        language = "en" if question.startswith(("How", "birth")) else "id"
        answers = check_fee(question, on=ON, language=language, limit=1)
        got = answers[0].service_code if answers else None
        if got != expected:
            wrong.append((question, expected, got))
    accuracy = 1 - len(wrong) / len(QUESTIONS)
    print(f"top-1 accuracy {accuracy:.1%} over {len(QUESTIONS)} questions; wrong: {wrong}")
    assert accuracy >= FLOOR, wrong

"""Demo fact-checks: six published verdicts (every verdict at least once) on hoaxes of the
kind that circulate about KPK and gratification, written in our own words, and a few
messages still in the queue. Idempotent: published claims are keyed by their address and
queued messages by a fixed form token, so running it again adds nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from cegah.accounts.models import Membership, Role, User
from cegah.agencies.models import Agency
from cegah.factchecks import actions, search
from cegah.factchecks.models import Claim, Verdict

DEMO_PASSWORD = "cegah-demo-2026"  # the same as cegah.agencies.demo


@dataclass
class FactcheckDemoReport:
    published: int = 0
    queued: int = 0
    emails: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"Fact-checks: {self.published} published and {self.queued} queued messages "
            f"created this run; fact-checker logins: {', '.join(self.emails) or 'none'}."
        )


@dataclass(frozen=True)
class DemoFactcheck:
    slug: str
    message: str
    claim: str
    verdict: Verdict
    headline: str
    explanation: str
    sources: str
    days_ago: int
    link: str = ""
    by_bali: bool = False


LAW = "UU 31/1999 jo. UU 20/2001 tentang Pemberantasan Tindak Pidana Korupsi, Pasal 12B dan 12C"
PERKPK = "Peraturan KPK Nomor 1 Tahun 2026 (perubahan Peraturan KPK Nomor 2 Tahun 2019 tentang Pelaporan Gratifikasi)"
KPK = "Komisi Pemberantasan Korupsi https://www.kpk.go.id"
GOL = "Gratifikasi Online KPK https://gol.kpk.go.id"

FACTCHECKS = [
    DemoFactcheck(
        slug="petugas-kpk-minta-uang-pembinaan-kepala-desa-hoaks",
        message=(
            "Diteruskan\nPENGUMUMAN: Tim KPK akan berkunjung ke desa-desa minggu depan. Setiap "
            "kepala desa diminta menyiapkan uang pembinaan Rp5.000.000 agar pemeriksaan dana "
            "desa berjalan lancar. Konfirmasi ke Bapak Hendra (petugas KPK) 0812-0000-1111."
        ),
        claim="Petugas KPK meminta kepala desa menyiapkan uang pembinaan Rp5 juta sebelum pemeriksaan dana desa.",
        verdict=Verdict.FALSE,
        headline="KPK tidak pernah meminta uang pembinaan dari kepala desa",
        explanation=(
            "Pesan ini palsu. KPK tidak memungut uang dalam bentuk apa pun, baik untuk "
            "pembinaan, pemeriksaan, maupun pendampingan. Pegawai KPK dilarang menerima "
            "pemberian dari pihak mana pun.\n\n"
            "Modus 'petugas KPK gadungan' sudah sering dipakai untuk memeras kepala desa dan "
            "pejabat daerah. Jangan mentransfer uang. Minta identitas resmi, lalu pastikan "
            "ke call center KPK 198. Bila diminta uang, laporkan sebagai pemerasan."
        ),
        sources=f"{KPK}\nCall center KPK 198\n{LAW}",
        days_ago=40,
    ),
    DemoFactcheck(
        slug="asn-boleh-terima-parsel-lebaran-rp5-juta-hoaks",
        message=(
            "Info resmi!! KPK sudah mengizinkan ASN menerima parsel Lebaran sampai Rp5 juta "
            "tanpa perlu lapor, asal bukan uang tunai. Silakan sebarkan ke rekan kantor."
        ),
        claim="KPK mengizinkan ASN menerima parsel Lebaran hingga Rp5 juta tanpa melapor.",
        verdict=Verdict.FALSE,
        headline="Tidak ada izin KPK bagi ASN menerima parsel Lebaran Rp5 juta",
        explanation=(
            "KPK tidak pernah membuat aturan seperti itu. Setiap menjelang hari raya KPK "
            "justru mengeluarkan surat edaran yang meminta pegawai negeri dan penyelenggara "
            "negara menolak pemberian yang berhubungan dengan jabatan, dan melarang meminta "
            "THR atau parsel kepada masyarakat maupun perusahaan.\n\n"
            "Parsel makanan yang mudah rusak dan terlanjur diterima boleh disalurkan ke panti "
            "asuhan atau lembaga sosial, didokumentasikan, dan dilaporkan ke UPG instansi. "
            "Pemberian lain yang berhubungan dengan jabatan wajib dilaporkan paling lambat 30 "
            "hari kerja."
        ),
        sources=f"{KPK}\n{LAW}\n{GOL}",
        days_ago=25,
    ),
    DemoFactcheck(
        slug="semua-amplop-kondangan-pejabat-wajib-lapor-menyesatkan",
        message=(
            "Mulai tahun ini semua amplop kondangan yang diterima pejabat, berapa pun "
            "isinya, wajib dilaporkan ke KPK. Kalau tidak, dianggap suap!"
        ),
        claim="Semua amplop pernikahan yang diterima pejabat, berapa pun nilainya, wajib dilaporkan ke KPK.",
        verdict=Verdict.MISLEADING,
        headline="Amplop kondangan sampai Rp1,5 juta per pemberi tidak wajib dilaporkan",
        explanation=(
            "Pesan ini menyesatkan. Aturan KPK mengecualikan pemberian pada acara pernikahan "
            "dan upacara adat atau keagamaan sampai batas tertentu per pemberi. Sejak "
            "Peraturan KPK 1/2026, batasnya Rp1,5 juta per pemberi (sebelumnya Rp1 juta).\n\n"
            "Yang melebihi batas itu, atau yang berhubungan dengan jabatan, memang wajib "
            "dilaporkan dalam 30 hari kerja. Tidak melapor tidak otomatis berarti suap, tetapi "
            "penerima kehilangan perlindungan Pasal 12C."
        ),
        sources=f"{PERKPK}\n{LAW}",
        days_ago=18,
    ),
    DemoFactcheck(
        slug="hadiah-antarrekan-kerja-rp1-5-juta-sebagian-benar",
        message=(
            "Kabar gembira buat pegawai: sekarang hadiah dari teman sekantor boleh sampai "
            "Rp1,5 juta sekali kasih, tidak perlu lapor gratifikasi."
        ),
        claim="Hadiah dari rekan kerja kini boleh sampai Rp1,5 juta sekali pemberian tanpa dilaporkan.",
        verdict=Verdict.PARTLY_TRUE,
        headline="Batas hadiah antarrekan kerja naik, tetapi bukan Rp1,5 juta sekali beri",
        explanation=(
            "Sebagian benar. Peraturan KPK 1/2026 memang menaikkan batas hadiah antarrekan "
            "kerja yang tidak perlu dilaporkan. Namun batasnya Rp500 ribu per pemberian, "
            "dengan jumlah paling banyak Rp1,5 juta setahun dari pemberi yang sama.\n\n"
            "Hadiah itu juga tidak boleh berupa uang dan tidak boleh berkaitan dengan "
            "jabatan. Di luar itu, pemberian tetap wajib dilaporkan."
        ),
        sources=f"{PERKPK}\n{GOL}",
        days_ago=12,
        by_bali=True,
    ),
    DemoFactcheck(
        slug="kpk-terbitkan-aturan-baru-gratifikasi-2026-benar",
        message=(
            "Benarkah KPK mengeluarkan aturan baru soal gratifikasi awal 2026 yang mengubah "
            "batas hadiah pernikahan?"
        ),
        claim="KPK menerbitkan aturan baru pelaporan gratifikasi pada Januari 2026 yang mengubah batas hadiah pernikahan.",
        verdict=Verdict.TRUE,
        headline="Benar, KPK memperbarui aturan pelaporan gratifikasi pada Januari 2026",
        explanation=(
            "Benar. Peraturan KPK Nomor 1 Tahun 2026 mengubah Peraturan KPK Nomor 2 Tahun "
            "2019 tentang Pelaporan Gratifikasi dan berlaku sejak diundangkan pada Januari "
            "2026.\n\n"
            "Di antara perubahannya: batas pemberian pada acara pernikahan dan upacara adat "
            "naik menjadi Rp1,5 juta per pemberi, dan batas hadiah antarrekan kerja menjadi "
            "Rp500 ribu per pemberian."
        ),
        sources=f"{PERKPK}\n{KPK}",
        days_ago=8,
    ),
    DemoFactcheck(
        slug="rekaman-suara-pejabat-minta-setoran-proyek-tidak-dapat-diverifikasi",
        message=(
            "Dengar rekaman ini! Katanya suara kepala dinas di Klaten minta setoran 10% dari "
            "setiap proyek jalan. Viralkan!"
        ),
        claim="Rekaman suara yang beredar berisi kepala dinas di Klaten meminta setoran 10% dari proyek jalan.",
        verdict=Verdict.UNVERIFIABLE,
        headline="Rekaman suara 'setoran 10% proyek jalan' belum dapat diverifikasi",
        explanation=(
            "Kami belum dapat memastikan siapa yang berbicara, kapan, dan di mana rekaman ini "
            "dibuat. Tidak ada sumber asli yang dapat ditelusuri, dan potongan rekaman tidak "
            "menyebut nama atau instansi.\n\n"
            "Jika Anda mengetahui peristiwa permintaan setoran proyek, laporkan melalui "
            "layanan keluhan Cegah atau saluran pengaduan KPK dengan bukti yang Anda miliki. "
            "Jangan menyebarkan tuduhan kepada orang tertentu sebelum terbukti."
        ),
        sources=f"{KPK}\nLayanan pengaduan KPK: call center 198",
        days_ago=3,
        link="https://www.tiktok.com/@akun.contoh/video/7300000000000000000",
        by_bali=True,
    ),
]

QUEUED = [
    (
        "demo-factcheck-queued-1",
        "Diteruskan\nDaftar sekarang bantuan modal UMKM dari KPK Rp25 juta, cukup isi data KTP "
        "dan nomor rekening di tautan berikut: http://bantuan-kpk.contoh/daftar",
        "",
    ),
    (
        "demo-factcheck-queued-2",
        "Daftar sekarang bantuan modal UMKM dari KPK Rp25 juta!! Cukup isi data KTP dan nomor "
        "rekening di tautan berikut http://bantuan-kpk.contoh/daftar?utm_source=wa",
        "warga@demo.example",
    ),
    (
        "demo-factcheck-queued-3",
        "Katanya mulai bulan depan guru yang menerima kado kenaikan kelas dari wali murid "
        "langsung dipecat dan namanya diumumkan KPK. Benar tidak?",
        "",
    ),
]


def _fact_checker(report: FactcheckDemoReport, email: str, name: str, agency: Agency) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, DEMO_PASSWORD, full_name=name)
    Membership.objects.get_or_create(user=user, agency=agency, role=Role.FACT_CHECKER)
    report.emails.append(email)
    return user


def seed_factchecks_demo(*, dry_run: bool = False) -> FactcheckDemoReport:
    """Create the demo fact-checkers, fact-checks and queue (needs the demo agencies; without
    them, as in a dry run of `seed_demo`, it does nothing)."""
    report = FactcheckDemoReport()
    kpk = Agency.objects.filter(code="kpk").first()
    bali = Agency.objects.filter(code="bali-diskominfos").first()
    if kpk is None or bali is None:
        return report
    with transaction.atomic():
        _seed(report, kpk, bali)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _seed(report: FactcheckDemoReport, kpk: Agency, bali: Agency) -> None:
    checker_kpk = _fact_checker(report, "cekfakta.kpk@demo.example", "Cek Fakta KPK (Demo)", kpk)
    checker_bali = _fact_checker(
        report, "cekfakta.bali@demo.example", "Cek Fakta Diskominfos Bali (Demo)", bali
    )
    now = timezone.now()
    for item in FACTCHECKS:
        if Claim.objects.filter(slug=item.slug).exists():
            continue
        checker = checker_bali if item.by_bali else checker_kpk
        submission, _new = actions.submit_message(
            text=item.message, link=item.link, idempotency_key=f"demo-factcheck-{item.slug[:50]}"
        )
        claim = submission.claim
        seen = now - dt.timedelta(days=item.days_ago + 2)
        Claim.objects.filter(pk=claim.pk).update(
            first_seen_at=seen, created_at=seen, slug=item.slug
        )
        claim.refresh_from_db()
        actions.start_checking(actor=checker, claim=claim)
        actions.save_verdict(
            actor=checker,
            claim=claim,
            claim_text=item.claim,
            verdict=item.verdict,
            headline=item.headline,
            explanation=item.explanation,
            sources=item.sources,
        )
        claim = actions.publish_verdict(actor=checker, claim=claim)
        Claim.objects.filter(pk=claim.pk).update(
            published_at=now - dt.timedelta(days=item.days_ago)
        )
        claim.refresh_from_db()
        search.index_claim(claim)
        report.published += 1
    for key, text, email in QUEUED:
        _submission, created = actions.submit_message(
            text=text, contact_email=email, idempotency_key=key
        )
        report.queued += int(created)
    teacher = Claim.objects.filter(claim_text__startswith="Katanya mulai bulan depan guru").first()
    if teacher is not None and teacher.status == "new":
        actions.assign_claim(actor=checker_kpk, claim=teacher, assignee=checker_kpk)

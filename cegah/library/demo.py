"""Demo library content for `seed_demo`: 22 items by KPK and demo agencies, pictures drawn
here with Pillow (no downloads), one item adopted by Diskominfos Bali and adapted by
Diskominfo Sumsel, whose version Pemkab Klaten adapted in turn.

Idempotent: every demo item carries a fixed form token, so a second run finds it and
creates nothing.
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from PIL import Image, ImageDraw, ImageFont

from cegah.accounts.models import User
from cegah.agencies.models import Agency
from cegah.lib.uploads import CleanFile
from cegah.library import actions
from cegah.library.actions import ItemFiles
from cegah.library.models import Collection, Kind, LibraryItem, Licence, Topic

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
ASN, PUBLIC, STUDENTS = "for_civil_servants", "for_public", "for_students"


@dataclass(frozen=True)
class DemoItem:
    key: str
    agency: str
    kind: str
    title: str
    caption: str
    topics: tuple[str, ...]
    audiences: tuple[str, ...]
    colour: str
    licence: str = Licence.CC_BY
    description: str = ""


# (key, agency, kind, title, caption, topics, audiences, background colour)
ITEMS: tuple[DemoItem, ...] = (
    DemoItem(
        "tip-petugas",
        "kpk",
        Kind.IMAGE,
        "Jangan beri tip kepada petugas layanan",
        "Layanan publik itu gratis kecuali ada aturan retribusinya. Memberi tip kepada "
        "petugas sama dengan suap. #TolakGratifikasi #LayananTanpaPungli #KPK",
        ("gratifikasi", "suap", "pelayanan-publik"),
        (ASN, PUBLIC),
        "#b3261e",
        description="Infografik: mengapa memberi uang terima kasih kepada petugas layanan "
        "publik termasuk suap atau gratifikasi.",
    ),
    DemoItem(
        "apa-itu-gratifikasi",
        "kpk",
        Kind.IMAGE,
        "Apa itu gratifikasi?",
        "Gratifikasi adalah pemberian dalam arti luas kepada pegawai negeri. Yang berhubungan "
        "dengan jabatan wajib dilaporkan dalam 30 hari kerja. #Gratifikasi #KPK",
        ("gratifikasi",),
        (ASN,),
        "#1d4e89",
    ),
    DemoItem(
        "lapor-30-hari",
        "kpk",
        Kind.IMAGE,
        "Terima hadiah? Laporkan dalam 30 hari kerja",
        "Laporkan gratifikasi ke UPG instansimu atau langsung ke KPK paling lambat 30 hari "
        "kerja sejak diterima. #LaporGratifikasi",
        ("gratifikasi",),
        (ASN,),
        "#0b6e4f",
    ),
    DemoItem(
        "hari-raya",
        "kpk",
        Kind.IMAGE,
        "Hari raya tanpa gratifikasi",
        "Parsel dan bingkisan hari raya dari rekanan kerja? Tolak dengan santun, atau "
        "laporkan. #HariRayaTanpaGratifikasi",
        ("gratifikasi", "konflik-kepentingan"),
        (ASN,),
        "#6a3d9a",
    ),
    DemoItem(
        "pungli-sekolah",
        "kpk",
        Kind.IMAGE,
        "Sekolah negeri bebas pungutan liar",
        "Pungutan tanpa dasar aturan di sekolah negeri adalah pungli. Laporkan lewat kanal "
        "pengaduan. #StopPungli #SekolahBersih",
        ("pungli", "pelayanan-publik"),
        (PUBLIC, STUDENTS),
        "#c05621",
    ),
    DemoItem(
        "pungli-izin",
        "kpk",
        Kind.IMAGE,
        "Urus izin tanpa calo dan tanpa uang pelicin",
        "Biaya izin tertulis di papan layanan. Di luar itu, jangan bayar. #StopPungli "
        "#PerizinanBersih",
        ("pungli", "suap", "pelayanan-publik"),
        (PUBLIC,),
        "#2f855a",
    ),
    DemoItem(
        "pemerasan",
        "kpk",
        Kind.IMAGE,
        "Dimintai uang oleh pejabat? Itu pemerasan",
        "Pejabat yang memaksa meminta uang untuk urusan dinas melakukan pemerasan. Simpan "
        "bukti dan laporkan. #LawanPemerasan",
        ("pemerasan",),
        (PUBLIC, ASN),
        "#9b2c2c",
    ),
    DemoItem(
        "lhkpn-tepat-waktu",
        "kpk",
        Kind.IMAGE,
        "LHKPN: lapor harta tepat waktu",
        "Penyelenggara negara wajib menyampaikan LHKPN secara periodik paling lambat 31 Maret. "
        "#LHKPN #Transparansi",
        ("lhkpn",),
        (ASN,),
        "#2c5282",
    ),
    DemoItem(
        "lhkpn-publik",
        "kpk",
        Kind.POSTER,
        "Poster: LHKPN bisa dilihat publik",
        "Ringkasan harta penyelenggara negara dapat dilihat masyarakat. #LHKPN #AwasiBersama",
        ("lhkpn",),
        (PUBLIC,),
        "#285e61",
    ),
    DemoItem(
        "konflik-kepentingan",
        "kpk",
        Kind.IMAGE,
        "Kenali konflik kepentingan",
        "Menilai tender yang diikuti keluarga sendiri? Nyatakan konflik kepentinganmu dan "
        "mundur dari keputusan. #IntegritasASN",
        ("konflik-kepentingan",),
        (ASN,),
        "#744210",
    ),
    DemoItem(
        "nilai-jujur",
        "kpk",
        Kind.IMAGE,
        "9 nilai antikorupsi: jujur",
        "Jujur, mandiri, tanggung jawab, berani, sederhana, peduli, disiplin, adil, kerja "
        "keras. Mulai dari jujur. #9NilaiAntikorupsi",
        ("nilai-antikorupsi",),
        (STUDENTS, PUBLIC),
        "#276749",
    ),
    DemoItem(
        "nilai-sederhana",
        "kpk",
        Kind.IMAGE,
        "9 nilai antikorupsi: sederhana",
        "Hidup sederhana menjauhkan dari godaan korupsi. #9NilaiAntikorupsi #HidupSederhana",
        ("nilai-antikorupsi",),
        (STUDENTS,),
        "#553c9a",
    ),
    DemoItem(
        "nilai-poster",
        "kpk",
        Kind.POSTER,
        "Poster 9 nilai antikorupsi untuk kelas",
        "Tempel di kelas dan ruang guru. #9NilaiAntikorupsi #SekolahAntikorupsi",
        ("nilai-antikorupsi",),
        (STUDENTS,),
        "#2b6cb0",
        licence=Licence.CC_BY_SA,
    ),
    DemoItem(
        "caption-suap",
        "kpk",
        Kind.CAPTION,
        "Caption: suap merusak layanan",
        "Satu amplop kecil hari ini, layanan yang rusak untuk semua besok. Tolak suap, "
        "laporkan! #TolakSuap #KPK",
        ("suap",),
        (PUBLIC, ASN),
        "#4a5568",
    ),
    DemoItem(
        "caption-pelayanan",
        "kpk",
        Kind.CAPTION,
        "Caption: hak atas layanan yang cepat dan transparan",
        "Kamu berhak atas layanan yang cepat, transparan, dan tanpa pungutan liar. Awasi, "
        "adukan, dan beri saran. #PelayananPublik",
        ("pelayanan-publik",),
        (PUBLIC,),
        "#4a5568",
    ),
    DemoItem(
        "bali-zona-integritas",
        "bali-diskominfos",
        Kind.IMAGE,
        "Bali menuju zona integritas",
        "Pelayanan tanpa gratifikasi di seluruh perangkat daerah Provinsi Bali. "
        "#BaliBerintegritas #TolakGratifikasi",
        ("gratifikasi", "pelayanan-publik"),
        (ASN, PUBLIC),
        "#c53030",
        licence=Licence.ALL_RIGHTS_RESERVED,
    ),
    DemoItem(
        "bali-hakordia",
        "bali-diskominfos",
        Kind.IMAGE,
        "Hakordia: satukan aksi, basmi korupsi",
        "9 Desember, Hari Antikorupsi Sedunia. Mari ikut menjaga integritas. #Hakordia "
        "#BaliAntikorupsi",
        ("nilai-antikorupsi",),
        (PUBLIC, ASN, STUDENTS),
        "#2d3748",
    ),
    DemoItem(
        "bali-pungli-pasar",
        "bali-diskominfos",
        Kind.IMAGE,
        "Retribusi pasar resmi ada karcisnya",
        "Bayar retribusi pasar hanya dengan karcis resmi. Tanpa karcis? Itu pungli. "
        "#StopPungli #PasarBali",
        ("pungli",),
        (PUBLIC,),
        "#b7791f",
    ),
    DemoItem(
        "sumsel-hoaks",
        "sumsel-diskominfo",
        Kind.IMAGE,
        "Cek dulu sebelum sebar: hoaks soal bantuan sosial",
        "Bantuan sosial tidak dipungut biaya. Pesan berantai yang meminta transfer adalah "
        "penipuan. #CekFakta #Sumsel",
        ("pemerasan", "pelayanan-publik"),
        (PUBLIC,),
        "#2a4365",
    ),
    DemoItem(
        "sumsel-desa",
        "sumsel-diskominfo",
        Kind.IMAGE,
        "Dana desa diawasi bersama warga",
        "Lihat papan informasi APBDes di desamu dan tanyakan bila ada yang janggal. "
        "#DanaDesa #AwasiBersama",
        ("pelayanan-publik", "konflik-kepentingan"),
        (PUBLIC,),
        "#22543d",
    ),
)

# The adaptations: (key, agency, original key, title, caption)
ADAPTATIONS = (
    (
        "tip-petugas-sumsel",
        "sumsel-diskominfo",
        "tip-petugas",
        "Wong Sumsel dak galak ngasih tip ke petugas",
        "Layanan publik di Sumatera Selatan gratis kecuali ada retribusi resminya. Tip untuk "
        "petugas itu suap. #SumselBersih #TolakGratifikasi",
        "#8c2d04",
        "Diskominfo Sumsel",
    ),
    (
        "tip-petugas-klaten",
        "pemkab-klaten",
        "tip-petugas-sumsel",
        "Klaten: layanan gratis, tanpa tip",
        "ASN Kabupaten Klaten menolak tip dan gratifikasi. Unggah sebagai status WhatsApp "
        "24–26 April. #KlatenBersinar #TolakGratifikasi",
        "#7b341e",
        "Pemkab Klaten",
    ),
)

AGENCY_CREDITS = {
    "kpk": "KPK RI",
    "bali-diskominfos": "Diskominfos Provinsi Bali",
    "sumsel-diskominfo": "Diskominfo Provinsi Sumatera Selatan",
    "pemkab-klaten": "Pemkab Klaten",
}
EDITORS = {"kpk": "kpk@demo.example", "bali-diskominfos": "diskominfo.bali@demo.example"}


def _font(size: int, bold: bool = True) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    try:
        return ImageFont.truetype(str(FONT_DIR / name), size)
    except OSError:
        return ImageFont.load_default(size)


def draw_picture(title: str, credit: str, colour: str) -> bytes:
    """A 1080 × 1920 PNG with the title in large type; the feed and square formats show it
    whole, fitted between bands of its own colour."""
    picture = Image.new("RGB", (1080, 1920), colour)
    pen = ImageDraw.Draw(picture)
    pen.rectangle((60, 480, 1020, 1440), outline="white", width=8)
    big, small = _font(76), _font(40, bold=False)
    lines = textwrap.wrap(title, width=20)
    y = 960 - len(lines) * 48
    for line in lines:
        pen.text((540, y), line, font=big, fill="white", anchor="mm")
        y += 96
    pen.text((540, 1380), credit, font=small, fill="white", anchor="mm")
    pen.text((540, 540), "CEGAH", font=small, fill="white", anchor="mm")
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


def _poster(picture: bytes) -> bytes:
    with Image.open(io.BytesIO(picture)) as image:
        out = io.BytesIO()
        image.convert("RGB").save(out, format="PDF", resolution=150)
    return out.getvalue()


def _files(kind: str, title: str, credit: str, colour: str) -> ItemFiles:
    if kind == Kind.CAPTION:
        return ItemFiles()
    picture = draw_picture(title, credit, colour)
    image = CleanFile(
        data=picture, content_type="image/png", name="image.png", original_name="demo.png"
    )
    if kind == Kind.POSTER:
        poster = CleanFile(
            data=_poster(picture),
            content_type="application/pdf",
            name="poster.pdf",
            original_name="demo.pdf",
        )
        return ItemFiles(image=image, poster=poster)
    return ItemFiles(image=image)


def _token(key: str) -> str:
    return f"demo-library-{key}"


def seed_library_demo(*, dry_run: bool = False) -> str:
    """Create the demo library (refused in production like the rest of the demo data)."""
    if settings.PRODUCTION:
        raise RuntimeError("Demo data is refused in production.")
    keys = [item.key for item in ITEMS] + [row[0] for row in ADAPTATIONS]
    existing = set(
        LibraryItem.objects.filter(form_token__in=[_token(k) for k in keys]).values_list(
            "form_token", flat=True
        )
    )
    missing = [k for k in keys if _token(k) not in existing]
    if dry_run:
        return f"Library: {len(missing)} demo items would be created."
    agencies = {a.code: a for a in Agency.objects.filter(code__in=AGENCY_CREDITS)}
    if len(agencies) < len(AGENCY_CREDITS):
        return "Library: demo agencies missing; nothing created."
    editors = {code: User.objects.filter(email=email).first() for code, email in EDITORS.items()}
    topics = {t.slug: t for t in Topic.objects.all()}
    created: dict[str, LibraryItem] = {}
    with transaction.atomic():
        for demo in ITEMS:
            data = {
                "kind": demo.kind,
                "title": demo.title,
                "description": demo.description,
                "caption": demo.caption,
                "licence": demo.licence,
                "attribution": AGENCY_CREDITS[demo.agency],
                "is_published": True,
                ASN: ASN in demo.audiences,
                PUBLIC: PUBLIC in demo.audiences,
                STUDENTS: STUDENTS in demo.audiences,
            }
            files = (
                ItemFiles()
                if _token(demo.key) in existing
                else _files(demo.kind, demo.title, AGENCY_CREDITS[demo.agency], demo.colour)
            )
            created[demo.key], _new = actions.create_item(
                actor=editors.get(demo.agency),
                agency=agencies[demo.agency],
                data=data,
                topics=[topics[slug] for slug in demo.topics],
                files=files,
                form_token=_token(demo.key),
            )
        for key, agency_code, original_key, title, caption, colour, credit in ADAPTATIONS:
            original = created[original_key]
            files = (
                ItemFiles()
                if _token(key) in existing
                else _files(Kind.IMAGE, title, credit, colour)
            )
            created[key], _new = actions.create_item(
                actor=editors.get(agency_code),
                agency=agencies[agency_code],
                data={
                    "kind": Kind.IMAGE,
                    "title": title,
                    "caption": caption,
                    "licence": original.licence,
                    "attribution": AGENCY_CREDITS[agency_code],
                    "is_published": True,
                    ASN: True,
                    PUBLIC: True,
                },
                topics=list(original.topics.all()),
                files=files,
                form_token=_token(key),
                adapted_from=original,
            )
        bali = agencies["bali-diskominfos"]
        bali_editor = editors.get("bali-diskominfos")
        if bali_editor is not None:
            actions.adopt_item(actor=bali_editor, agency=bali, item=created["tip-petugas"])
        collection, _new = actions.create_collection(
            actor=bali_editor, agency=bali, name="Kampanye Hakordia"
        )
        for key in ("tip-petugas", "bali-hakordia", "nilai-jujur"):
            actions.add_to_collection(actor=bali_editor, collection=collection, item=created[key])
    total = LibraryItem.objects.filter(form_token__startswith="demo-library-").count()
    collections = Collection.objects.filter(agency=bali).count()
    return (
        f"Library: {len(missing)} demo items created this run ({total} in all, "
        f"{collections} collection(s) of Diskominfos Bali)."
    )

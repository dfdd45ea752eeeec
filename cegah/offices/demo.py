"""Demo offices in Klaten and Bali with the standards of their services (the fees come from
the fee registry), a school with its BOS funds, villages with their Dana Desa and health
facilities. Codes that look official (NPSN, facility codes) are made up for the demo and
start with "DEMO-" where a real code could be mistaken for them; village offices use their
real Kemendagri village code, which is what the import expects."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from cegah.agencies.models import Agency
from cegah.core.demo import register
from cegah.offices import search
from cegah.offices.models import (
    HealthFacility,
    Office,
    SchoolFunds,
    ServiceStandard,
    VillageFunds,
)
from cegah.regions.actions import ensure_region
from cegah.services.models import Service

# code, kind, name, region, agency code (or ""), address, services
OFFICES: list[tuple[str, str, str, str, str, str, tuple[str, ...]]] = [
    (
        "DEMO-DUKCAPIL-3310",
        "dukcapil",
        "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Klaten",
        "33.10.25",
        "pemkab-klaten",
        "Jl. Pemuda No. 294, Klaten",
        ("ktp-el", "kartu-keluarga", "akta-kelahiran", "akta-kematian", "surat-pindah"),
    ),
    (
        "DEMO-DPMPTSP-3310",
        "dpmptsp",
        "DPMPTSP Kabupaten Klaten",
        "33.10.25",
        "pemkab-klaten",
        "Jl. Pemuda, Klaten",
        ("nib-oss", "pbg"),
    ),
    (
        "DEMO-SATPAS-3310",
        "satpas",
        "Satpas Polres Klaten",
        "33.10.25",
        "",
        "Jl. Pemuda, Klaten",
        ("sim-a", "sim-c"),
    ),
    (
        "DEMO-POLRES-3310",
        "police",
        "Polres Klaten (layanan SKCK)",
        "33.10.25",
        "",
        "Jl. Pemuda, Klaten",
        ("skck",),
    ),
    (
        "DEMO-SAMSAT-3310",
        "samsat",
        "Samsat Klaten",
        "33.10.26",
        "",
        "Jl. Ki Hajar Dewantara, Klaten",
        ("stnk", "tnkb", "bpkb"),
    ),
    (
        "DEMO-KUA-331025",
        "kua",
        "KUA Kecamatan Klaten Tengah",
        "33.10.25",
        "",
        "Klaten Tengah",
        ("nikah-kua",),
    ),
    (
        "DEMO-KUA-331001",
        "kua",
        "KUA Kecamatan Prambanan",
        "33.10.01",
        "",
        "Prambanan",
        ("nikah-kua",),
    ),
    (
        "DEMO-20309001",
        "school",
        "SD Negeri 1 Klaten",
        "33.10.25",
        "klaten-disdik",
        "Klaten Tengah",
        ("pendaftaran-sekolah-negeri", "spp-sekolah-negeri"),
    ),
    (
        "DEMO-20309002",
        "school",
        "SMP Negeri 1 Klaten",
        "33.10.25",
        "klaten-smpn-1",
        "Jl. Diponegoro, Klaten",
        ("pendaftaran-sekolah-negeri", "spp-sekolah-negeri"),
    ),
    (
        "DEMO-20309003",
        "school",
        "SD Negeri 1 Prambanan",
        "33.10.01",
        "klaten-disdik",
        "Prambanan",
        ("pendaftaran-sekolah-negeri", "spp-sekolah-negeri"),
    ),
    (
        "DEMO-P3310025",
        "puskesmas",
        "Puskesmas Klaten Tengah",
        "33.10.25",
        "klaten-puskesmas-klaten-tengah",
        "Klaten Tengah",
        ("puskesmas",),
    ),
    (
        "DEMO-P3310001",
        "puskesmas",
        "Puskesmas Prambanan",
        "33.10.01",
        "pemkab-klaten",
        "Prambanan",
        ("puskesmas",),
    ),
    (
        "DEMO-P3310016",
        "puskesmas",
        "Puskesmas Delanggu",
        "33.10.16",
        "pemkab-klaten",
        "Delanggu",
        ("puskesmas",),
    ),
    (
        "DEMO-RS-3310",
        "hospital",
        "RSUD Bagas Waras Kabupaten Klaten",
        "33.10.26",
        "pemkab-klaten",
        "Jl. Ir. Soekarno, Klaten",
        (),
    ),
    *[
        (
            code,
            "village_office",
            f"Kantor Desa {name}",
            code,
            "pemkab-klaten",
            f"Desa {name}",
            ("surat-pengantar-desa", "akta-kelahiran"),
        )
        for code, name in (
            ("33.10.01.2001", "Sengon"),
            ("33.10.01.2002", "Cucukan"),
            ("33.10.01.2003", "Kotesan"),
            ("33.10.16.2001", "Dukuh"),
            ("33.10.16.2002", "Jetis"),
        )
    ],
    (
        "DEMO-DUKCAPIL-5171",
        "dukcapil",
        "Dinas Kependudukan dan Pencatatan Sipil Kota Denpasar",
        "51.71.03",
        "",
        "Jl. Majapahit, Denpasar",
        ("ktp-el", "kartu-keluarga", "akta-kelahiran"),
    ),
    (
        "DEMO-DUKCAPIL-5103",
        "dukcapil",
        "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Badung",
        "51.03.02",
        "",
        "Puspem Badung, Mengwi",
        ("ktp-el", "akta-kelahiran"),
    ),
    (
        "DEMO-IMIGRASI-DPS",
        "immigration",
        "Kantor Imigrasi Kelas I TPI Denpasar",
        "51.71.01",
        "",
        "Jl. D.I. Panjaitan, Renon, Denpasar",
        ("paspor",),
    ),
    (
        "DEMO-SAMSAT-5171",
        "samsat",
        "UPTD Samsat Denpasar",
        "51.71.01",
        "pemprov-bali",
        "Jl. Cok Agung Tresna, Denpasar",
        ("stnk", "tnkb", "bpkb"),
    ),
    (
        "DEMO-SATPAS-5171",
        "satpas",
        "Satpas Polresta Denpasar",
        "51.71.02",
        "",
        "Jl. Gunung Sanghyang, Denpasar",
        ("sim-a", "sim-c"),
    ),
    (
        "DEMO-50100001",
        "school",
        "SMA Negeri 1 Denpasar",
        "51.71.02",
        "pemprov-bali",
        "Jl. Kamboja, Denpasar",
        ("pendaftaran-sekolah-negeri",),
    ),
    (
        "DEMO-RS-51",
        "hospital",
        "RSUD Bali Mandara",
        "51.71.01",
        "pemprov-bali",
        "Jl. By Pass Ngurah Rai, Sanur",
        (),
    ),
    (
        "DEMO-P5171011",
        "puskesmas",
        "Puskesmas I Denpasar Selatan",
        "51.71.01",
        "",
        "Sesetan",
        ("puskesmas",),
    ),
    (
        "DEMO-KUA-517101",
        "kua",
        "KUA Kecamatan Denpasar Selatan",
        "51.71.01",
        "",
        "Denpasar",
        ("nikah-kua",),
    ),
    ("DEMO-KSOP-BENOA", "port", "KSOP Kelas II Benoa", "51.71.01", "", "Pelabuhan Benoa", ()),
    *[
        (
            code,
            "village_office",
            f"Kantor Desa {name}",
            code,
            "",
            f"Desa {name}, Mengwi",
            ("surat-pengantar-desa", "akta-kelahiran"),
        )
        for code, name in (
            ("51.03.02.2001", "Munggu"),
            ("51.03.02.2002", "Buduk"),
            ("51.03.02.2009", "Mengwi"),
        )
    ],
]

STANDARD_TEXT = {
    "requirements": "Sesuai standar pelayanan yang ditetapkan; dokumen asli dan fotokopi.",
    "procedure": "1. Ambil nomor antrean.\n2. Serahkan berkas di loket.\n3. Petugas memeriksa.\n"
    "4. Dokumen selesai diambil di loket pengambilan.",
    "completion_time": "1 hari kerja sejak berkas lengkap",
    "product": "Dokumen sesuai layanan",
    "complaints": "Kotak saran di ruang tunggu, atau lapor lewat Cegah (kode QR di poster loket).",
}


def _seed() -> tuple[int, int]:
    codes = {c for *_, services in OFFICES for c in services}
    services = {s.code: s for s in Service.objects.filter(code__in=codes)}
    agencies = dict(Agency.objects.values_list("code", "pk"))
    created = 0
    for region in {o[3] for o in OFFICES}:
        ensure_region(region)
    names = search.region_names([o[3] for o in OFFICES])
    for code, kind, name, region, agency, address, service_codes in OFFICES:
        office, made = Office.objects.update_or_create(
            code=code,
            defaults={
                "kind": kind,
                "name": name,
                "region_id": region,
                "address": address,
                "agency_id": agencies.get(agency),
                "search_text": search.document(name, kind, names[region], code),
            },
        )
        created += made
        for service_code in service_codes:
            service = services.get(service_code)
            if service is not None:
                ServiceStandard.objects.get_or_create(
                    office=office,
                    service=service,
                    defaults={**STANDARD_TEXT, "product": service.name},
                )
    by_code = {o.code: o for o in Office.objects.filter(code__in=[o[0] for o in OFFICES])}
    # BOS: per student per year (SD Rp975,000, SMP Rp1,140,000, SMA Rp1,605,000 in 2024),
    # paid in two stages.
    for code, students, per_student in (
        ("DEMO-20309001", 186, 975_000),
        ("DEMO-20309002", 768, 1_140_000),
        ("DEMO-50100001", 1_152, 1_605_000),
    ):
        for stage, share, spent_share in ((1, 0.5, 0.97), (2, 0.5, 0.62)):
            received = int(students * per_student * share)
            SchoolFunds.objects.update_or_create(
                office=by_code[code],
                year=2024,
                stage=stage,
                defaults={
                    "students": students,
                    "received_idr": received,
                    "spent_idr": int(received * spent_share),
                },
            )
    # Dana Desa 2024: ceiling, disbursed in three stages (40%, 40%, 20%); Jetis still waits
    # for its third stage.
    for code, ceiling in (
        ("33.10.01.2001", 1_012_450_000),
        ("33.10.01.2002", 934_118_000),
        ("33.10.16.2002", 1_103_770_000),
        ("51.03.02.2001", 1_187_306_000),
    ):
        for stage, share in ((1, 0.4), (2, 0.4), (3, 0.2)):
            if code == "33.10.16.2002" and stage == 3:
                continue
            VillageFunds.objects.update_or_create(
                office=by_code[code],
                year=2024,
                stage=stage,
                defaults={"ceiling_idr": ceiling, "disbursed_idr": int(ceiling * share)},
            )
    for code, accreditation, beds, doctors in (
        ("DEMO-P3310025", "Paripurna", 10, 5),
        ("DEMO-P3310001", "Utama", 0, 3),
        ("DEMO-P3310016", "Madya", 8, 4),
        ("DEMO-RS-3310", "Paripurna", 212, 64),
        ("DEMO-RS-51", "Paripurna", 250, 71),
        ("DEMO-P5171011", "Paripurna", 0, 6),
    ):
        HealthFacility.objects.update_or_create(
            office=by_code[code],
            year=2024,
            defaults={
                "accreditation": accreditation,
                "beds": beds,
                "doctors": doctors,
                "bpjs_partner": True,
            },
        )
    return created, len(OFFICES)


@register(150)
def seed_offices_demo(dry_run: bool = False) -> str:
    if settings.PRODUCTION:
        raise RuntimeError("Demo data is refused in production.")
    if not Service.objects.filter(code="akta-kelahiran").exists():
        # The fee registry's national table, if its own seeding has not run yet.
        from cegah.services.actions import load_fees

        if not dry_run:
            load_fees(actor=None)
    if dry_run:
        return f"Offices: would seed {len(OFFICES)} offices."
    with transaction.atomic():
        created, total = _seed()
    return f"Offices: {created} created, {total} in the demo set."

"""Demo data: KPK, Kabupaten Klaten and its units, two provincial Diskominfo, and demo logins."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction

from cegah.accounts.models import Membership, Role, User
from cegah.agencies.models import Agency, AgencyType, UnitKind
from cegah.regions.actions import ensure_region

DEMO_PASSWORD = "cegah-demo-2026"

# code, name, short name, unit kind, parent code, has UPG
KLATEN_UNITS = [
    (
        "klaten-setda",
        "Sekretariat Daerah Kabupaten Klaten",
        "Setda Klaten",
        UnitKind.SECRETARIAT,
        True,
    ),
    (
        "klaten-inspektorat",
        "Inspektorat Kabupaten Klaten",
        "Inspektorat Klaten",
        UnitKind.INSPECTORATE,
        True,
    ),
    (
        "klaten-diskominfo",
        "Dinas Komunikasi dan Informatika Kabupaten Klaten",
        "Diskominfo Klaten",
        UnitKind.COMMUNICATION,
        False,
    ),
    (
        "klaten-disdik",
        "Dinas Pendidikan Kabupaten Klaten",
        "Disdik Klaten",
        UnitKind.EDUCATION,
        False,
    ),
    ("klaten-dinkes", "Dinas Kesehatan Kabupaten Klaten", "Dinkes Klaten", UnitKind.HEALTH, False),
    (
        "klaten-dpmptsp",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kabupaten Klaten",
        "DPMPTSP Klaten",
        UnitKind.LICENSING,
        False,
    ),
    ("klaten-dinsos", "Dinas Sosial Kabupaten Klaten", "Dinsos Klaten", UnitKind.SOCIAL, False),
    (
        "klaten-dispermasdes",
        "Dinas Pemberdayaan Masyarakat dan Desa Kabupaten Klaten",
        "Dispermasdes Klaten",
        UnitKind.VILLAGE,
        False,
    ),
    (
        "klaten-dpupr",
        "Dinas Pekerjaan Umum dan Penataan Ruang Kabupaten Klaten",
        "DPUPR Klaten",
        UnitKind.PUBLIC_WORKS,
        False,
    ),
    (
        "klaten-disdukcapil",
        "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Klaten",
        "Disdukcapil Klaten",
        UnitKind.POPULATION,
        False,
    ),
    (
        "klaten-bpkpad",
        "Badan Pengelolaan Keuangan, Pendapatan dan Aset Daerah Kabupaten Klaten",
        "BPKPAD Klaten",
        UnitKind.FINANCE,
        False,
    ),
    (
        "klaten-bkpsdm",
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Kabupaten Klaten",
        "BKPSDM Klaten",
        UnitKind.PERSONNEL,
        False,
    ),
    (
        "klaten-dishub",
        "Dinas Perhubungan Kabupaten Klaten",
        "Dishub Klaten",
        UnitKind.TRANSPORT,
        False,
    ),
    (
        "klaten-rsud",
        "RSUD Bagas Waras Kabupaten Klaten",
        "RSUD Bagas Waras",
        UnitKind.HOSPITAL,
        False,
    ),
    (
        "klaten-kec-klaten-tengah",
        "Kecamatan Klaten Tengah",
        "Kec. Klaten Tengah",
        UnitKind.DISTRICT,
        False,
    ),
    ("klaten-kec-prambanan", "Kecamatan Prambanan", "Kec. Prambanan", UnitKind.DISTRICT, False),
    ("klaten-kec-delanggu", "Kecamatan Delanggu", "Kec. Delanggu", UnitKind.DISTRICT, False),
]


DISTRICT_REGIONS = {
    "klaten-kec-klaten-tengah": "33.10.25",
    "klaten-kec-prambanan": "33.10.01",
    "klaten-kec-delanggu": "33.10.16",
}


@dataclass
class DemoReport:
    agencies_created: int = 0
    users_created: int = 0
    emails: list[str] = field(default_factory=list)


def _agency(report: DemoReport, code: str, **values: object) -> Agency:
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        agency = Agency(code=code)
        report.agencies_created += 1
    for key, value in values.items():
        setattr(agency, key, value)
    agency.full_clean()
    agency.save()
    return agency


def _user(
    report: DemoReport,
    email: str,
    full_name: str,
    roles: list[tuple[Agency, Role]],
    **extra: object,
) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, DEMO_PASSWORD, full_name=full_name, **extra)
        report.users_created += 1
    for agency, role in roles:
        Membership.objects.get_or_create(user=user, agency=agency, role=role)
    report.emails.append(email)
    return user


class _DryRun(Exception):
    """Raised inside the transaction to undo a dry run."""


def seed_demo(*, dry_run: bool = False) -> DemoReport:
    """Create or refresh the demo agencies and logins; running it again changes nothing.

    With `dry_run`, everything is done inside a transaction that is then rolled back, so the
    report tells exactly what a real run would create.
    """
    if settings.PRODUCTION:
        raise RuntimeError("Demo data and its shared password are refused in production.")
    report = DemoReport()
    try:
        with transaction.atomic():
            _seed(report)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return report


def _seed(report: DemoReport) -> None:
    kpk = _agency(
        report,
        "kpk",
        name="Komisi Pemberantasan Korupsi",
        short_name="KPK",
        type=AgencyType.KPK,
        email="informasi@kpk.go.id",
        phone="198",
        website="https://www.kpk.go.id",
        address="Jl. Kuningan Persada Kav. 4, Setiabudi, Jakarta Selatan 12950",
        region=ensure_region("31.74"),
        has_gratification_unit=True,
    )
    _agency(
        report,
        "kemendagri",
        name="Kementerian Dalam Negeri",
        short_name="Kemendagri",
        type=AgencyType.MINISTRY,
        region=ensure_region("31.71"),
        has_gratification_unit=True,
    )
    klaten = _agency(
        report,
        "pemkab-klaten",
        name="Pemerintah Kabupaten Klaten",
        short_name="Pemkab Klaten",
        type=AgencyType.REGENCY_GOVERNMENT,
        region=ensure_region("33.10"),
        address="Jl. Pemuda No. 294, Klaten",
        has_gratification_unit=True,
    )
    units = {}
    for code, name, short, kind, upg in KLATEN_UNITS:
        units[code] = _agency(
            report,
            code,
            name=name,
            short_name=short,
            type=AgencyType.UNIT,
            unit_kind=kind,
            parent=klaten,
            has_gratification_unit=upg,
            region=ensure_region(DISTRICT_REGIONS[code])
            if code in DISTRICT_REGIONS
            else klaten.region,
        )
    _agency(
        report,
        "klaten-smpn-1",
        name="SMP Negeri 1 Klaten",
        type=AgencyType.UNIT,
        unit_kind=UnitKind.SCHOOL,
        parent=units["klaten-disdik"],
        region=ensure_region("33.10.25"),
    )
    _agency(
        report,
        "klaten-puskesmas-klaten-tengah",
        name="Puskesmas Klaten Tengah",
        type=AgencyType.UNIT,
        unit_kind=UnitKind.HEALTH_CENTRE,
        parent=units["klaten-dinkes"],
        region=ensure_region("33.10.25"),
    )
    bali = _agency(
        report,
        "pemprov-bali",
        name="Pemerintah Provinsi Bali",
        short_name="Pemprov Bali",
        type=AgencyType.PROVINCE_GOVERNMENT,
        region=ensure_region("51"),
        timezone="Asia/Makassar",
        has_gratification_unit=True,
    )
    diskominfo_bali = _agency(
        report,
        "bali-diskominfos",
        name="Dinas Komunikasi, Informatika dan Statistik Provinsi Bali",
        short_name="Diskominfos Bali",
        type=AgencyType.UNIT,
        unit_kind=UnitKind.COMMUNICATION,
        parent=bali,
        region=bali.region,
        timezone="Asia/Makassar",
    )
    sumsel = _agency(
        report,
        "pemprov-sumsel",
        name="Pemerintah Provinsi Sumatera Selatan",
        short_name="Pemprov Sumsel",
        type=AgencyType.PROVINCE_GOVERNMENT,
        region=ensure_region("16"),
        has_gratification_unit=True,
    )
    _agency(
        report,
        "sumsel-diskominfo",
        name="Dinas Komunikasi dan Informatika Provinsi Sumatera Selatan",
        short_name="Diskominfo Sumsel",
        type=AgencyType.UNIT,
        unit_kind=UnitKind.COMMUNICATION,
        parent=sumsel,
        region=sumsel.region,
    )
    _user(
        report,
        "kpk@demo.example",
        "Petugas KPK (Demo)",
        [
            (kpk, Role.KPK_OFFICER),
            (kpk, Role.VERIFIER),
            (kpk, Role.GRATIFICATION_OFFICER),
            (kpk, Role.EDITOR),
            (kpk, Role.MODERATOR),
        ],
    )
    _user(
        report,
        "setda.klaten@demo.example",
        "Admin Setda Klaten (Demo)",
        [(klaten, Role.AGENCY_ADMIN)],
    )
    _user(
        report,
        "upg.klaten@demo.example",
        "Petugas UPG Klaten (Demo)",
        [(klaten, Role.GRATIFICATION_OFFICER)],
    )
    _user(
        report,
        "asn.klaten@demo.example",
        "Guru ASN Klaten (Demo)",
        [(units["klaten-disdik"], Role.CIVIL_SERVANT)],
        nip="198805122015032004",
    )
    _user(
        report,
        "diskominfo.bali@demo.example",
        "Admin Diskominfos Bali (Demo)",
        [
            (diskominfo_bali, Role.AGENCY_ADMIN),
            (diskominfo_bali, Role.EDITOR),
        ],
    )
    _user(report, "warga@demo.example", "Warga (Demo)", [], region=ensure_region("33.10"))

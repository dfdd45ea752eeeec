"""Shared test personas and helpers (plain functions, no factory library)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cegah.accounts.models import Membership, Role, User
from cegah.agencies.models import Agency, AgencyType, UnitKind
from cegah.regions.actions import ensure_region

PASSWORD = "correct horse battery staple"


def make_agency(code: str, name: str | None = None, **values: Any) -> Agency:
    values.setdefault(
        "type", AgencyType.UNIT if values.get("parent") else AgencyType.NATIONAL_AGENCY
    )
    agency = Agency(code=code, name=name or code.replace("-", " ").title(), **values)
    agency.full_clean()
    agency.save()
    return agency


def make_user(email: str, *roles: tuple[Agency, Role], **values: Any) -> User:
    user = User.objects.create_user(email, PASSWORD, **values)
    for agency, role in roles:
        Membership.objects.create(user=user, agency=agency, role=role)
    return user


@dataclass
class Personas:
    """Agency A (Pemkab Klaten, with a unit), agency B (Pemprov Bali), KPK, and their people."""

    kpk: Agency
    agency_a: Agency
    unit_a: Agency
    agency_b: Agency
    citizen: User
    asn_a: User
    admin_a: User
    officer_b: User
    kpk_officer: User


def make_personas() -> Personas:
    kpk = make_agency("kpk", "Komisi Pemberantasan Korupsi", type=AgencyType.KPK)
    agency_a = make_agency(
        "pemkab-klaten",
        "Pemerintah Kabupaten Klaten",
        type=AgencyType.REGENCY_GOVERNMENT,
        region=ensure_region("33.10"),
    )
    unit_a = make_agency(
        "klaten-disdik",
        "Dinas Pendidikan Kabupaten Klaten",
        parent=agency_a,
        unit_kind=UnitKind.EDUCATION,
        region=agency_a.region,
    )
    agency_b = make_agency(
        "pemprov-bali",
        "Pemerintah Provinsi Bali",
        type=AgencyType.PROVINCE_GOVERNMENT,
        region=ensure_region("51"),
        timezone="Asia/Makassar",
    )
    return Personas(
        kpk=kpk,
        agency_a=agency_a,
        unit_a=unit_a,
        agency_b=agency_b,
        citizen=make_user("warga@example.org", full_name="Warga Biasa"),
        asn_a=make_user("asn@example.org", (unit_a, Role.CIVIL_SERVANT), nip="198805122015032004"),
        admin_a=make_user("admin.a@example.org", (agency_a, Role.AGENCY_ADMIN)),
        officer_b=make_user(
            "officer.b@example.org",
            (agency_b, Role.AGENCY_ADMIN),
            (agency_b, Role.COMPLAINT_HANDLER),
        ),
        kpk_officer=make_user("kpk@example.org", (kpk, Role.KPK_OFFICER), (kpk, Role.VERIFIER)),
    )


def ensure_gift_rules() -> None:
    """Load the gift rules again as the migrations do, when an earlier transactional test
    emptied the tables that migrations filled (a serialized rollback restores them only after
    its own test, not before)."""
    import importlib

    from django.apps import apps

    from cegah.gratification.models import RulesVersion, forget_rules

    if not RulesVersion.objects.exists():
        migrations = "cegah.gratification.migrations."
        importlib.import_module(migrations + "0002_load_perkpk_2019_and_2026").load(apps, None)
        importlib.import_module(migrations + "0004_completion_days_2026").set_days(apps, None)
        office = "0009_cite_amendments_and_office_conditions"
        importlib.import_module(migrations + office).forwards(apps, None)
    forget_rules()

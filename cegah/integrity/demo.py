"""Demo integrity data: the published figures of integrity-data.md (the same loader as
`load_integrity`), so the pages show real, sourced numbers; and, because no source gives
assessment figures of anti-corruption villages or schools of integrity, a few made-up
assessments (and two made-up schools), each stored with `demo=True` and shown as "demo" on
every page. None of them is in the published data files."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from cegah.core.demo import register
from cegah.integrity.loading import ensure_governments, load_published
from cegah.integrity.models import Assessment, Confidence, Participant, ProgrammeKind

DEMO_NOTE = "Demo data: a made-up school to show the programme pages."
DEMO_NOTE_ID = "Data contoh: sekolah rekaan untuk memperlihatkan halaman program."
DEMO_SCHOOLS = [("33.10", "SMP Negeri Contoh 1 Klaten"), ("51.03", "SD Negeri Contoh Kutuh")]
# Values per indicator code and year (0–100): made up, for demonstration only.
DEMO_ASSESSMENTS: dict[tuple[str, str], dict[int, dict[str, float]]] = {
    (ProgrammeKind.VILLAGE, "Kalurahan Panggungharjo"): {
        2022: {"governance": 78, "oversight": 65, "public_service": 72, "participation": 80},
        2023: {
            "governance": 82,
            "oversight": 71,
            "public_service": 75,
            "participation": 84,
            "local_wisdom": 66,
        },
    },
    (ProgrammeKind.VILLAGE, "Desa Banyubiru"): {
        2023: {"governance": 70, "oversight": 60, "public_service": 68, "participation": 74},
    },
    (ProgrammeKind.SCHOOL, "SMP Negeri Contoh 1 Klaten"): {
        2023: {"admission": 75, "funds": 62, "no_gifts_levies": 58, "dapodik": 80},
        2024: {"admission": 81, "funds": 73, "no_gifts_levies": 71, "dapodik": 84},
    },
}


@register(160)
def seed_integrity_demo(dry_run: bool = False) -> str:
    if settings.PRODUCTION:
        raise RuntimeError("Demo data is refused in production.")
    report = load_published(dry_run=dry_run)
    with transaction.atomic():
        created = _seed_programmes()
        if dry_run:
            transaction.set_rollback(True)
    extra = f" Demo programme assessments: {created} created." if created else ""
    return f"Integrity: {report.summary()}.{extra}"


def _seed_programmes() -> int:
    ensure_governments({code for code, _name in DEMO_SCHOOLS})
    for code, name in DEMO_SCHOOLS:
        Participant.objects.get_or_create(
            programme=ProgrammeKind.SCHOOL,
            government_id=code,
            name=name,
            defaults={"note": DEMO_NOTE_ID, "note_en": DEMO_NOTE},
        )
    wanted = {
        (p.programme, p.name): p
        for p in Participant.objects.filter(name__in=[name for _kind, name in DEMO_ASSESSMENTS])
    }
    existing = set(
        Assessment.objects.filter(participant__in=wanted.values()).values_list(
            "participant_id", "year"
        )
    )
    new = [
        Assessment(
            participant=wanted[key],
            year=year,
            values=values,
            source_title="Data contoh (demo)",
            confidence=Confidence.UNSURE,
            demo=True,
        )
        for key, years in DEMO_ASSESSMENTS.items()
        if key in wanted
        for year, values in years.items()
        if (wanted[key].pk, year) not in existing
    ]
    Assessment.objects.bulk_create(new)
    return len(new)

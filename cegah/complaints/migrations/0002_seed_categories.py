"""Seed the complaint categories (JAGA's sectors and SP4N-LAPOR!'s resolution classes,
domain.md §1.2 and §6). Admins edit them afterwards; the classes are [likely] data."""

from django.db import migrations

# code, Indonesian name, English name, resolution class in working days
CATEGORIES = [
    ("pendidikan", "Pendidikan/sekolah", "Education/schools", 14),
    ("kampus", "Kampus", "Universities", 14),
    ("fasilitas-kesehatan", "Fasilitas kesehatan", "Health facilities", 14),
    ("desa", "Desa/Dana Desa", "Villages and village funds", 60),
    ("perizinan", "Perizinan", "Permits and licences", 5),
    ("pelabuhan", "Pelabuhan", "Ports", 14),
    ("bantuan-sosial", "Bantuan sosial", "Social assistance", 14),
    ("ppj", "Pajak Penerangan Jalan (PPJ)", "Street-lighting tax (PPJ)", 60),
    ("pungli", "Pungutan liar lainnya", "Other illegal levies", 14),
    ("lainnya", "Lainnya", "Other", 14),
]


def seed(apps, schema_editor):
    Category = apps.get_model("complaints", "Category")
    for position, (code, name_id, name_en, days) in enumerate(CATEGORIES, start=1):
        Category.objects.update_or_create(
            code=code,
            defaults={
                "name_id": name_id,
                "name_en": name_en,
                "resolution_days": days,
                "position": position * 10,
            },
        )


def unseed(apps, schema_editor):
    Category = apps.get_model("complaints", "Category")
    Category.objects.filter(code__in=[c[0] for c in CATEGORIES], complaints__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("complaints", "0001_categories_routing_and_complaints")]

    operations = [migrations.RunPython(seed, unseed)]

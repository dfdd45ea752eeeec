"""The library's topics, editable afterwards in the admin."""

from django.db import migrations

TOPICS = [
    ("gratifikasi", "Gratifikasi", "Gratification"),
    ("suap", "Suap", "Bribery"),
    ("pemerasan", "Pemerasan", "Extortion"),
    ("pungli", "Pungutan liar", "Illegal levies"),
    ("lhkpn", "LHKPN", "Wealth reports (LHKPN)"),
    ("konflik-kepentingan", "Konflik kepentingan", "Conflict of interest"),
    ("nilai-antikorupsi", "9 nilai antikorupsi", "The 9 anti-corruption values"),
    ("pelayanan-publik", "Pelayanan publik", "Public services"),
]


def seed(apps, schema_editor):
    Topic = apps.get_model("library", "Topic")
    for position, (slug, name, name_en) in enumerate(TOPICS, start=1):
        Topic.objects.update_or_create(
            slug=slug, defaults={"name": name, "name_en": name_en, "position": position}
        )


def unseed(apps, schema_editor):
    apps.get_model("library", "Topic").objects.filter(slug__in=[t[0] for t in TOPICS]).delete()


class Migration(migrations.Migration):
    dependencies = [("library", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]

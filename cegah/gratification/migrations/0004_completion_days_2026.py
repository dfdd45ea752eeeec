"""PerKPK 1/2026 Pasal 9: a returned report must be completed within 20 working days (was 30)."""

import datetime as dt

from django.db import migrations

PERKPK_2026 = dt.date(2026, 1, 20)


def set_days(apps, schema_editor):
    RulesVersion = apps.get_model("gratification", "RulesVersion")
    RulesVersion.objects.filter(effective_from__gte=PERKPK_2026).update(completion_working_days=20)


def unset_days(apps, schema_editor):
    RulesVersion = apps.get_model("gratification", "RulesVersion")
    RulesVersion.objects.update(completion_working_days=30)


class Migration(migrations.Migration):
    dependencies = [("gratification", "0003_completion_days_and_reports")]
    operations = [migrations.RunPython(set_days, unset_days)]

"""Add the English locale next to Indonesian (Wagtail creates the default `id` one)."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def add_locales(apps: Any, schema_editor: Any) -> None:
    Locale = apps.get_model("wagtailcore", "Locale")
    for code in ("id", "en"):
        Locale.objects.get_or_create(language_code=code)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_wagtail_pages"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(add_locales, migrations.RunPython.noop)]

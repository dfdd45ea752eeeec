"""A full-text index over `Office.search_text` on PostgreSQL (SQLite searches by substring).

The expression matches what `cegah.offices.search` filters on, so the planner uses the index:
`to_tsvector('simple', COALESCE(search_text, ''))`. The analyzer has already stemmed the
terms, so the 'simple' configuration only splits on spaces.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

INDEX = "office_search_gin"


def create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON offices_office USING gin "
        "(to_tsvector('simple'::regconfig, COALESCE(search_text, '')))"
    )


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("offices", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]

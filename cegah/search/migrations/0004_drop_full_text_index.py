"""The database's full-text index is no longer read: matching and BM25 ranking happen over the
whole index in memory (`cegah/search/engine.py`), kept in step through `search_change`. Its
FTS5 table and triggers (SQLite) or tsvector column and GIN index (PostgreSQL) only cost every
write; reversing this migration makes them again from migration 0002."""

import importlib

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

full_text = importlib.import_module("cegah.search.migrations.0002_full_text_index")


def drop(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    full_text.drop_index(apps, schema_editor)


def make_again(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    full_text.create_index(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_index_version_and_changes")]

    operations = [migrations.RunPython(drop, make_again, elidable=False)]

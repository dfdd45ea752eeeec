"""PostgreSQL: a stored generated `tsvector('simple')` over the analysed terms with a GIN
index, so a search among a million posts' threads is an index lookup (decision 0015).
SQLite matches the padded `search_terms` with LIKE and needs nothing here."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

POSTGRESQL = [
    """ALTER TABLE forum_thread ADD COLUMN search_vector tsvector
       GENERATED ALWAYS AS (strip(to_tsvector('simple'::regconfig, search_terms))) STORED""",
    "CREATE INDEX forum_thread_vector_gin ON forum_thread USING gin (search_vector)",
]
POSTGRESQL_DROP = [
    "DROP INDEX IF EXISTS forum_thread_vector_gin",
    "ALTER TABLE forum_thread DROP COLUMN IF EXISTS search_vector",
]


def create(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for sql in POSTGRESQL:
            schema_editor.execute(sql)


def drop(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for sql in POSTGRESQL_DROP:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("forum", "0001_threads_posts_moderation")]

    operations = [migrations.RunPython(create, drop, elidable=False)]

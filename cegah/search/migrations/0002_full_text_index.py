"""The full-text index over the analysed terms, in each engine's own way.

SQLite: an external-content FTS5 table whose rowid is `search_entry.id`, kept in step by
triggers. PostgreSQL: a stored generated `tsvector('simple')` column (stripped of positions:
no phrase queries, and a third smaller) with a GIN index. Both index the same
space-separated `[a-z0-9]+` terms, so both match the same documents.

A later migration that makes SQLite rebuild `search_entry` (most `AlterField`s) drops the
triggers with the old table: such a migration must run `SQLITE_TRIGGERS` again and
`INSERT INTO search_entry_fts(search_entry_fts) VALUES ('rebuild')`.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

SQLITE_TABLE = """
CREATE VIRTUAL TABLE search_entry_fts USING fts5(
    title_terms, body_terms,
    content='search_entry', content_rowid='id',
    tokenize='unicode61 remove_diacritics 0', detail='column'
)
"""
SQLITE_TRIGGERS = [
    """CREATE TRIGGER search_entry_fts_insert AFTER INSERT ON search_entry BEGIN
        INSERT INTO search_entry_fts(rowid, title_terms, body_terms)
        VALUES (new.id, new.title_terms, new.body_terms);
    END""",
    """CREATE TRIGGER search_entry_fts_delete AFTER DELETE ON search_entry BEGIN
        INSERT INTO search_entry_fts(search_entry_fts, rowid, title_terms, body_terms)
        VALUES ('delete', old.id, old.title_terms, old.body_terms);
    END""",
    """CREATE TRIGGER search_entry_fts_update AFTER UPDATE ON search_entry BEGIN
        INSERT INTO search_entry_fts(search_entry_fts, rowid, title_terms, body_terms)
        VALUES ('delete', old.id, old.title_terms, old.body_terms);
        INSERT INTO search_entry_fts(rowid, title_terms, body_terms)
        VALUES (new.id, new.title_terms, new.body_terms);
    END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_entry_fts_insert",
    "DROP TRIGGER IF EXISTS search_entry_fts_delete",
    "DROP TRIGGER IF EXISTS search_entry_fts_update",
    "DROP TABLE IF EXISTS search_entry_fts",
]

POSTGRESQL = [
    """ALTER TABLE search_entry ADD COLUMN search_vector tsvector
       GENERATED ALWAYS AS (
           strip(to_tsvector('simple'::regconfig, title_terms || ' ' || body_terms))
       ) STORED""",
    "CREATE INDEX search_entry_vector_gin ON search_entry USING gin (search_vector)",
]
POSTGRESQL_DROP = [
    "DROP INDEX IF EXISTS search_entry_vector_gin",
    "ALTER TABLE search_entry DROP COLUMN IF EXISTS search_vector",
]


def _run(schema_editor: BaseDatabaseSchemaEditor, statements: list[str]) -> None:
    for sql in statements:
        schema_editor.execute(sql)


def create_index(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, [SQLITE_TABLE, *SQLITE_TRIGGERS])
        schema_editor.execute("INSERT INTO search_entry_fts(search_entry_fts) VALUES ('rebuild')")
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRESQL)
    else:
        raise NotImplementedError(f"Site search supports SQLite and PostgreSQL, not {vendor}")


def drop_index(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    _run(schema_editor, SQLITE_DROP if vendor == "sqlite" else POSTGRESQL_DROP)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_entry")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]

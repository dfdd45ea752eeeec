"""Dumping and restoring the database: PostgreSQL with pg_dump/pg_restore, SQLite with its
online backup API. Both read row counts and migration state from the very data dumped."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper

from cegah.ops.errors import BackupError

SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"
# Libpq reads these from the environment, so no secret is ever on a command line.
_PG_OPTION_ENV = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "service": "PGSERVICE",
    "passfile": "PGPASSFILE",
}


@dataclass(frozen=True)
class Snapshot:
    """What a dump holds: its file, and the facts read inside the same snapshot."""

    vendor: str
    file: str
    dump_format: str
    server_version: str
    migrations: dict[str, str]
    row_counts: dict[str, int]


def vendor() -> str:
    return str(connection.vendor)


def _facts(
    execute: Callable[[str], list[tuple[Any, ...]]], tables: list[str], quote: Callable[[str], str]
) -> tuple[dict[str, str], dict[str, int]]:
    """The last migration applied per app and the rows in each table."""
    counts = {table: int(execute(f"SELECT COUNT(*) FROM {quote(table)}")[0][0]) for table in tables}  # noqa: S608 - names from the catalogue
    migrations: dict[str, str] = {}
    if "django_migrations" in tables:
        for app, name in execute("SELECT app, name FROM django_migrations"):
            if name > migrations.get(app, ""):
                migrations[app] = name
    return dict(sorted(migrations.items())), counts


def live_facts() -> tuple[dict[str, str], dict[str, int]]:
    """Migration state and row counts of the configured database as it is now."""
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))

        def execute(sql: str) -> list[tuple[Any, ...]]:
            cursor.execute(sql)
            return list(cursor.fetchall())

        return _facts(execute, tables, connection.ops.quote_name)


# --- SQLite ---------------------------------------------------------------------------------


def _sqlite_tables(db: sqlite3.Connection) -> list[str]:
    rows = db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    ).fetchall()
    return [str(row[0]) for row in rows]


def _sqlite_quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sqlite_raw() -> sqlite3.Connection:
    connection.ensure_connection()
    raw = connection.connection
    assert isinstance(raw, sqlite3.Connection)
    return raw


def _dump_sqlite(directory: Path) -> Snapshot:
    """Copy the live database page by page with SQLite's online backup API: the copy is one
    consistent state even while the site writes (the API restarts when a page changes)."""
    target = directory / SQLITE_FILE
    copy = sqlite3.connect(target)
    try:
        _sqlite_raw().backup(copy)
        # A self-contained file: no -wal/-shm companions when it is opened later.
        copy.execute("PRAGMA journal_mode=DELETE")
        check = copy.execute("PRAGMA quick_check").fetchone()
        if not check or check[0] != "ok":
            raise BackupError(f"The database copy failed SQLite's quick_check: {check!r}.")
        tables = _sqlite_tables(copy)
        migrations, counts = _facts(
            lambda sql: list(copy.execute(sql).fetchall()), tables, _sqlite_quote
        )
        version = str(copy.execute("SELECT sqlite_version()").fetchone()[0])
    finally:
        copy.close()
    target.chmod(0o600)
    return Snapshot("sqlite", SQLITE_FILE, "sqlite3-backup-api", version, migrations, counts)


def _restore_sqlite(dump: Path) -> None:
    """Copy the set's database over the live one with the same backup API, in one write
    transaction: other connections see the old or the new database, never a mix, and a WAL
    database stays in WAL mode. The set's file is opened immutable and never changed."""
    if connection.in_atomic_block:
        raise BackupError("Restore cannot run inside a database transaction.")
    source = sqlite3.connect(f"file:{dump}?immutable=1", uri=True)
    try:
        source.backup(_sqlite_raw())
    except sqlite3.Error as exc:
        raise BackupError(f"SQLite refused the restore: {exc}.") from exc
    finally:
        source.close()


# --- PostgreSQL -----------------------------------------------------------------------------


def pg_binary(name: str) -> str:
    """pg_dump or pg_restore: from BACKUP_PG_BIN_DIR, else the newest Debian-installed
    version (a newer client dumps an older server, never the reverse), else the PATH."""
    if settings.BACKUP_PG_BIN_DIR:
        path = Path(settings.BACKUP_PG_BIN_DIR) / name
        if not path.is_file():
            raise BackupError(f"{path} does not exist (BACKUP_PG_BIN_DIR).")
        return str(path)
    versions = [
        path
        for path in Path("/usr/lib/postgresql").glob(f"*/bin/{name}")
        if path.parent.parent.name.isdigit()
    ]
    if versions:
        return str(max(versions, key=lambda path: int(path.parent.parent.name)))
    found = shutil.which(name)
    if found:
        return found
    raise BackupError(f"{name} was not found: install postgresql-client or set BACKUP_PG_BIN_DIR.")


def pg_environment(settings_dict: dict[str, Any]) -> dict[str, str]:
    """The process environment plus libpq's variables for the configured database: the
    password travels as PGPASSWORD, never as an argument other users could read in `ps`."""
    env = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    for option, variable in _PG_OPTION_ENV.items():
        value = settings_dict.get("OPTIONS", {}).get(option)
        if value:
            env[variable] = str(value)
    return env


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603 - fixed binaries, no shell
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-5:]
        raise BackupError(f"{what} failed ({result.returncode}): {' '.join(detail)}")


@contextmanager
def _exported_snapshot(wrapper: BaseDatabaseWrapper) -> Iterator[tuple[str, Any]]:
    """A read-only repeatable-read transaction on its own connection, its snapshot exported so
    pg_dump dumps exactly what the counts below see."""
    wrapper.ensure_connection()
    with wrapper.cursor() as cursor:
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        try:
            cursor.execute("SELECT pg_export_snapshot()")
            yield str(cursor.fetchone()[0]), cursor
        finally:
            cursor.execute("ROLLBACK")


def _dump_postgresql(directory: Path) -> Snapshot:
    target = directory / PG_FILE
    wrapper = connection.copy()
    env = pg_environment(wrapper.settings_dict)
    try:
        with _exported_snapshot(wrapper) as (snapshot, cursor):
            tables = sorted(wrapper.introspection.table_names(cursor))

            def execute(sql: str) -> list[tuple[Any, ...]]:
                cursor.execute(sql)
                return list(cursor.fetchall())

            migrations, counts = _facts(execute, tables, wrapper.ops.quote_name)
            version = str(execute("SHOW server_version")[0][0])
            _run(
                [
                    pg_binary("pg_dump"),
                    "--format=custom",
                    "--no-password",
                    f"--snapshot={snapshot}",
                    f"--file={target}",
                ],
                env,
                "pg_dump",
            )
    finally:
        wrapper.close()
    target.chmod(0o600)
    # The archive's table of contents must read back, or the dump is no use.
    _run([pg_binary("pg_restore"), "--list", str(target)], env, "pg_restore --list")
    return Snapshot("postgresql", PG_FILE, "pg_dump-custom", version, migrations, counts)


def _restore_postgresql(dump: Path) -> None:
    """pg_restore in one transaction: on any error nothing of the database changes.
    Ownership and grants are left to the configured user (the dump may come from a server
    whose roles differ)."""
    if connection.in_atomic_block:
        raise BackupError("Restore cannot run inside a database transaction.")
    settings_dict = connection.settings_dict
    connection.close()  # Our own idle connection must not hold locks the DROPs wait for.
    _run(
        [
            pg_binary("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            "--no-password",
            f"--dbname={settings_dict['NAME']}",
            str(dump),
        ],
        pg_environment(settings_dict),
        "pg_restore",
    )


# --- either ---------------------------------------------------------------------------------


def dump_database(directory: Path) -> Snapshot:
    """Dump the configured database into `directory`."""
    if vendor() == "sqlite":
        return _dump_sqlite(directory)
    if vendor() == "postgresql":
        return _dump_postgresql(directory)
    raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor()}.")


def restore_database(dump: Path, dump_vendor: str) -> None:
    """Replace the configured database's content with the dump's."""
    if dump_vendor != vendor():
        raise BackupError(
            f"The set holds a {dump_vendor} database; the configured database is {vendor()}."
        )
    if dump_vendor == "sqlite":
        _restore_sqlite(dump)
    else:
        _restore_postgresql(dump)
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()

"""Backups that restore: make a set, prune old sets, restore a set.

Each step is logged on the `cegah.ops` logger (the system journal under systemd), because a
restore replaces the very tables an audit row would be written to."""

from __future__ import annotations

import getpass
import logging
import subprocess
import tomllib
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any

from django.conf import settings
from django.core.files.storage import storages
from django.utils import timezone

from cegah.ops import database, files
from cegah.ops.errors import BackupError
from cegah.ops.manifest import (
    FILES_DIR,
    FORMAT,
    copy_hashing,
    safe_relative,
    sha256_of,
    verify_set,
    write_manifest,
)
from cegah.ops.retention import Retention, set_name, sets_to_delete
from cegah.ops.targets import LocalTarget, S3Target, open_set

logger = logging.getLogger("cegah.ops")


def app_version() -> dict[str, str | None]:
    """The project's version and, when the code is a git checkout, its commit."""
    try:
        version: str | None = metadata.version("cegah")
    except metadata.PackageNotFoundError:
        try:
            with (settings.BASE_DIR / "pyproject.toml").open("rb") as handle:
                version = str(tomllib.load(handle)["project"]["version"])
        except (OSError, KeyError, tomllib.TOMLDecodeError):
            version = None
    commit = None
    if (settings.BASE_DIR / ".git").exists():
        try:
            result = subprocess.run(  # noqa: S603 - fixed arguments, no shell
                ["git", "-C", str(settings.BASE_DIR), "rev-parse", "HEAD"],  # noqa: S607
                capture_output=True,
                text=True,
                timeout=10,
                check=False,
            )
            commit = result.stdout.strip() or None if result.returncode == 0 else None
        except (OSError, subprocess.SubprocessError):
            commit = None
    return {"version": version, "commit": commit}


@dataclass
class StorageSummary:
    alias: str
    label: str
    files: int = 0
    bytes: int = 0


@dataclass
class BackupReport:
    """What a backup made (or, on a dry run, would make) and what pruning removed."""

    name: str
    location: str
    vendor: str
    tables: int
    rows: int
    storages: list[StorageSummary]
    pruned: list[str] = field(default_factory=list)
    dry_run: bool = False


def create_backup(
    *, target: LocalTarget | S3Target, keep: Retention | None = None, dry_run: bool = False
) -> BackupReport:
    """Make one complete set in `target` (database, every file of every storage but the
    static files, the manifest), then prune by `keep`. A dry run reads everything it would
    copy and writes nothing."""
    keep = keep or Retention()
    name = set_name(timezone.now())
    if dry_run:
        _migrations, counts = database.live_facts()
        summaries = []
        for alias in files.storage_aliases():
            storage = storages[alias]
            summary = StorageSummary(alias, files.storage_label(alias))
            for file_name in files.walk(storage):
                summary.files += 1
                summary.bytes += storage.size(file_name)
            summaries.append(summary)
        return BackupReport(
            name=name,
            location=f"{target.describe()}/{name}",
            vendor=database.vendor(),
            tables=len(counts),
            rows=sum(counts.values()),
            storages=summaries,
            pruned=sets_to_delete([*target.set_names(), name], keep),
            dry_run=True,
        )

    logger.info("Backup %s to %s started.", name, target.describe())
    with target.staging(name) as staged:
        snapshot = database.dump_database(staged)
        listed: dict[str, dict[str, Any]] = {
            snapshot.file: {
                "sha256": sha256_of(staged / snapshot.file),
                "size": (staged / snapshot.file).stat().st_size,
            }
        }
        summaries = []
        for alias in files.storage_aliases():
            storage = storages[alias]
            summary = StorageSummary(alias, files.storage_label(alias))
            for file_name in files.walk(storage):
                relative = f"{FILES_DIR}/{alias}/{file_name}"
                copy = staged / safe_relative(relative)
                try:
                    with storage.open(file_name, "rb") as handle:
                        digest, size = copy_hashing(handle, copy)
                except FileNotFoundError:
                    # Deleted since it was listed (the site keeps running): not in this set.
                    copy.unlink(missing_ok=True)
                    logger.info("Backup %s: %s/%s vanished while copying.", name, alias, file_name)
                    continue
                listed[relative] = {"sha256": digest, "size": size}
                summary.files += 1
                summary.bytes += size
            summaries.append(summary)
        write_manifest(
            staged,
            {
                "format": FORMAT,
                "name": name,
                "created_at": timezone.now().isoformat(),
                "app": app_version(),
                "database": {
                    "vendor": snapshot.vendor,
                    "file": snapshot.file,
                    "dump_format": snapshot.dump_format,
                    "server_version": snapshot.server_version,
                    "migrations": snapshot.migrations,
                    "row_counts": snapshot.row_counts,
                },
                "storages": {
                    summary.alias: {
                        "backend": summary.label,
                        "files": summary.files,
                        "bytes": summary.bytes,
                    }
                    for summary in summaries
                },
                "files": listed,
            },
        )
        location = target.publish(staged, name)
    logger.info(
        "Backup %s complete at %s: %s tables, %s files.",
        name,
        location,
        len(snapshot.row_counts),
        sum(summary.files for summary in summaries),
    )
    pruned = prune_backups(target=target, keep=keep, protect={name})
    return BackupReport(
        name=name,
        location=location,
        vendor=snapshot.vendor,
        tables=len(snapshot.row_counts),
        rows=sum(snapshot.row_counts.values()),
        storages=summaries,
        pruned=pruned,
    )


def prune_backups(
    *,
    target: LocalTarget | S3Target,
    keep: Retention,
    protect: Collection[str] = (),
    dry_run: bool = False,
) -> list[str]:
    """Delete the sets `keep` lets go (never one in `protect`); their names."""
    doomed = [name for name in sets_to_delete(target.set_names(), keep) if name not in protect]
    if not dry_run:
        for name in doomed:
            target.delete(name)
            logger.info(
                "Backup %s deleted from %s by the retention policy.", name, target.describe()
            )
    return doomed


@dataclass
class RestoreReport:
    """What a restore put back (or, on a dry run, would put back)."""

    name: str
    created_at: str
    vendor: str
    row_counts: dict[str, int]
    files: dict[str, int]
    extra_files: dict[str, list[str]]
    migration_differences: list[str]
    dry_run: bool = False
    files_only: bool = False


def migration_differences(backup: dict[str, str], current: dict[str, str]) -> list[str]:
    """Each app whose last applied migration differs between the set and the database."""
    return [
        f"{app}: backup {backup.get(app, '(none)')}, database {current.get(app, '(none)')}"
        for app in sorted(set(backup) | set(current))
        if backup.get(app) != current.get(app)
    ]


def restore_backup(
    *,
    location: str,
    confirm: Callable[[RestoreReport], bool],
    allow_migration_mismatch: bool = False,
    delete_extra_files: bool = False,
    files_only: bool = False,
    dry_run: bool = False,
) -> RestoreReport:
    """Put the set at `location` back: check every checksum first (a damaged set changes
    nothing), refuse a database whose migration state differs (an empty one is fine) unless
    allowed, ask `confirm`, then restore the database and the files and check the row counts
    against the manifest. `files_only` leaves the database alone (after a point-in-time
    recovery of PostgreSQL, say)."""
    with open_set(location) as directory:
        manifest = verify_set(directory)
        db = manifest["database"]
        differences: list[str] = []
        if not files_only:
            if db["vendor"] != database.vendor():
                raise BackupError(
                    f"The set holds a {db['vendor']} database; "
                    f"the configured database is {database.vendor()}."
                )
            current_migrations, _counts = database.live_facts()
            if current_migrations:
                differences = migration_differences(db["migrations"], current_migrations)
        stored: dict[str, list[str]] = {}
        for relative in manifest["files"]:
            parts = safe_relative(relative).parts
            if parts[0] == FILES_DIR:
                stored.setdefault(parts[1], []).append("/".join(parts[2:]))
        for alias in stored:
            if alias not in settings.STORAGES:
                raise BackupError(
                    f"The set holds files of a storage {alias!r} not configured here."
                )
        extra = {
            alias: sorted(set(files.walk(storages[alias])) - set(stored.get(alias, [])))
            for alias in files.storage_aliases()
        }
        report = RestoreReport(
            name=str(manifest["name"]),
            created_at=str(manifest["created_at"]),
            vendor=str(db["vendor"]),
            row_counts=dict(db["row_counts"]),
            files={alias: len(stored.get(alias, [])) for alias in files.storage_aliases()},
            extra_files={alias: names for alias, names in extra.items() if names},
            migration_differences=differences,
            dry_run=dry_run,
            files_only=files_only,
        )
        if differences and not allow_migration_mismatch:
            raise BackupError(
                "The database's migration state differs from the set's: "
                + "; ".join(differences)
                + ". Restore onto a database migrated to the same state, or pass "
                "--allow-migration-mismatch (then run `manage.py migrate`)."
            )
        if dry_run:
            return report
        if not confirm(report):
            raise BackupError("Restore cancelled: nothing was changed.")

        operator = getpass.getuser()
        logger.warning("Restore of %s from %s by %s started.", report.name, location, operator)
        if not files_only:
            database.restore_database(directory / safe_relative(db["file"]), str(db["vendor"]))
        for alias, names in stored.items():
            for file_name in names:
                files.put(
                    storages[alias],
                    file_name,
                    directory / FILES_DIR / alias / safe_relative(file_name),
                )
        if delete_extra_files:
            for alias, names in report.extra_files.items():
                for file_name in names:
                    storages[alias].delete(file_name)
        _migrations, counts = database.live_facts()
        wrong = [
            f"{table}: {counts.get(table)} rows, expected {expected}"
            for table, expected in sorted(report.row_counts.items())
            if counts.get(table) != expected and not files_only
        ]
        if wrong:
            logger.error("Restore of %s: row counts differ: %s", report.name, "; ".join(wrong))
            raise BackupError("The restored row counts differ from the set's: " + "; ".join(wrong))
        logger.warning(
            "Restore of %s (made %s) by %s complete: %s, files %s%s.",
            report.name,
            report.created_at,
            operator,
            "files only" if files_only else f"{len(counts)} tables, {sum(counts.values())} rows",
            report.files,
            ", extra files deleted" if delete_extra_files and report.extra_files else "",
        )
        return report

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cegah.ops.actions import RestoreReport, restore_backup
from cegah.ops.errors import BackupError


class Command(BaseCommand):
    help = (
        "Restore a backup set (a directory or s3://bucket/prefix/<set>): checks every checksum "
        "first, then replaces the database's content and writes the set's files back."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("location", help="The set: its directory or its s3:// address.")
        parser.add_argument("--yes", action="store_true", help="Do not ask before restoring.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the set and report; change nothing."
        )
        parser.add_argument(
            "--allow-migration-mismatch",
            action="store_true",
            help="Restore even when the database's migration state differs from the set's.",
        )
        parser.add_argument(
            "--files-only",
            action="store_true",
            help="Restore the files alone and leave the database as it is.",
        )
        parser.add_argument(
            "--delete-extra-files",
            action="store_true",
            help="Also delete stored files the set does not hold (made after the backup).",
        )

    def describe(self, report: RestoreReport) -> None:
        would = "Would restore" if report.dry_run else "Restoring"
        what = (
            "the files only (the database is left as it is)"
            if report.files_only
            else f"the {report.vendor} database, {len(report.row_counts)} tables, "
            f"{sum(report.row_counts.values())} rows"
        )
        self.stdout.write(f"{would} {report.name} (made {report.created_at}): {what}.")
        for alias, count in report.files.items():
            extra = len(report.extra_files.get(alias, []))
            note = f"; {extra} files here not in the set" if extra else ""
            self.stdout.write(f"  storage {alias}: {count} files{note}")
        for difference in report.migration_differences:
            self.stdout.write(f"  migration state differs: {difference}")

    def confirm(self, report: RestoreReport, assume_yes: bool) -> bool:
        self.describe(report)
        if assume_yes:
            return True
        try:
            answer = input("This replaces the database's current content. Type yes to go on: ")
        except EOFError:
            return False
        return answer.strip().lower() == "yes"

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = restore_backup(
                location=options["location"],
                confirm=lambda report: self.confirm(report, options["yes"]),
                allow_migration_mismatch=options["allow_migration_mismatch"],
                delete_extra_files=options["delete_extra_files"],
                files_only=options["files_only"],
                dry_run=options["dry_run"],
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if report.dry_run:
            self.describe(report)
            self.stdout.write("The set's checksums are all correct; nothing was changed.")
            return
        database = (
            ""
            if report.files_only
            else f"the {report.vendor} database ({sum(report.row_counts.values())} rows in "
            f"{len(report.row_counts)} tables, counts checked) and "
        )
        stored = ", ".join(f"{count} {alias} files" for alias, count in report.files.items())
        self.stdout.write(f"Restored {report.name}: {database}{stored}.")
        if report.migration_differences:
            self.stdout.write("Run `manage.py migrate` now: the set's migration state differed.")

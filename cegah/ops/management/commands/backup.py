from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cegah.ops.actions import create_backup
from cegah.ops.errors import BackupError
from cegah.ops.retention import Retention
from cegah.ops.targets import target_for


def _count(value: str) -> int:
    number = int(value)
    if number < 0:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Make one backup set (database dump, every media and private file, a manifest with "
        "checksums) in a directory or s3://bucket/prefix, then prune old sets by --keep-*."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--to",
            default=None,
            help="A directory or s3://bucket/prefix (default: BACKUP_TARGET).",
        )
        for period in ("daily", "weekly", "monthly"):
            parser.add_argument(
                f"--keep-{period}",
                type=_count,
                default=0,
                metavar="N",
                help=f"Keep the newest set of each of the last N {period} periods.",
            )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would be copied and pruned."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        keep = Retention(options["keep_daily"], options["keep_weekly"], options["keep_monthly"])
        try:
            target = target_for(options["to"] or settings.BACKUP_TARGET)
            report = create_backup(target=target, keep=keep, dry_run=options["dry_run"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        would = "Would back up" if report.dry_run else "Backed up"
        self.stdout.write(
            f"{would} the {report.vendor} database ({report.tables} tables, "
            f"{report.rows} rows) to {report.location}."
        )
        for summary in report.storages:
            self.stdout.write(
                f"  storage {summary.alias}: {summary.files} files, {summary.bytes} bytes "
                f"({summary.label})"
            )
        if keep.prunes:
            verb = "Would delete" if report.dry_run else "Deleted"
            pruned = ", ".join(report.pruned) or "nothing"
            self.stdout.write(f"{verb} by retention: {pruned}.")

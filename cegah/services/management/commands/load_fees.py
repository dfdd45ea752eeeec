"""Load the national fee table (or a region's local levies) from a data file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cegah.services.actions import NATIONAL_FEES, FeeDataError, load_fees


class Command(BaseCommand):
    help = "Load official fees from a YAML data file (default: the national table)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", default=str(NATIONAL_FEES))
        parser.add_argument("--dry-run", action="store_true", help="Report, change nothing.")
        parser.add_argument(
            "--update", action="store_true", help="Also rewrite rows that differ from the file."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = load_fees(
                actor=None,
                path=Path(options["path"]),
                dry_run=options["dry_run"],
                update=options["update"],
            )
        except FeeDataError as exc:
            raise CommandError("\n".join(exc.problems)) from exc
        except FileNotFoundError as exc:
            raise CommandError(str(exc)) from exc
        if options["verbosity"] > 1:
            for line in report.lines:
                self.stdout.write(line)
        self.stdout.write(report.summary())

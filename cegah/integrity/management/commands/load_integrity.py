"""Load the published MCP/SPI figures of `cegah/integrity/data/` (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cegah.integrity.loading import load_published


class Command(BaseCommand):
    help = "Load the published MCP and SPI figures with their sources (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; keep nothing."
        )

    def handle(self, *args: Any, dry_run: bool = False, **options: Any) -> None:
        report = load_published(dry_run=dry_run)
        prefix = "Would have: " if dry_run else ""
        self.stdout.write(f"{prefix}{report.summary()}")

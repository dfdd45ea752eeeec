"""`manage.py refresh_match_terms [--dry-run]`: analyse every published claim's wordings
again, as "Periksa pesan" compares them (run it after editing the synonym list)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cegah.factchecks.actions import refresh_all_match_terms


class Command(BaseCommand):
    help = "Analyse published fact-checks' wordings again for the message check (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would change; write nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        read, changed = refresh_all_match_terms(dry_run=options["dry_run"])
        prefix = "[dry run] " if options["dry_run"] else ""
        self.stdout.write(f"{prefix}{read} published claims read, {changed} changed")

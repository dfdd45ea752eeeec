"""`manage.py reindex_search [--kind K] [--dry-run]`: rebuild site search from the sources."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cegah.search.actions import reindex
from cegah.search.documents import KINDS


class Command(BaseCommand):
    help = "Rebuild the site search index from the content apps (idempotent, batched)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--kind", choices=KINDS, action="append", help="Only this kind.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would change; write nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        kinds = tuple(options["kind"] or KINDS)
        prefix = "[dry run] " if options["dry_run"] else ""
        for result in reindex(kinds, dry_run=options["dry_run"]):
            if not result.has_provider:
                self.stdout.write(f"{prefix}{result.kind}: no provider registered, left as is")
                continue
            self.stdout.write(
                f"{prefix}{result.kind}: {result.indexed} indexed, {result.removed} removed"
            )

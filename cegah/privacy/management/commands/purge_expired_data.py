"""`manage.py purge_expired_data [--dry-run] [--kind KEY]`: every retention purge at once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from cegah.privacy import retention


class Command(BaseCommand):
    help = "Delete or empty personal data past its retention period (docs/privacy.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count what is due, per kind."
        )
        parser.add_argument(
            "--kind", action="append", choices=sorted(retention.BY_KEY), help="Only this kind."
        )

    def handle(self, *args: Any, dry_run: bool, kind: list[str] | None, **options: Any) -> None:
        now = timezone.now()
        for item in retention.KINDS:
            if kind and item.key not in kind:
                continue
            if dry_run:
                due = item.due(now)
                shown = "-" if due is None else str(due)
                self.stdout.write(f"{item.key}\t{item.period()}\t{shown} due\t{item.job}")
            else:
                done = retention.run(item.key, now)
                self.stdout.write(f"{item.key}\t{done} purged")

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cegah.lib.encryption import DecryptionError, rotate_all


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted column with the first key of FIELD_ENCRYPTION_KEYS and "
        "recompute the blind indexes with FIELD_HASH_KEY, in batches. Run it after putting a "
        "new key first; when it reports nothing left to rotate, the old key can be removed. "
        "Safe to run again (docs/decisions/0022-encryption-at-rest.md)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would change; write nothing."
        )
        parser.add_argument("--batch", type=int, default=1000, help="Rows per batch.")

    def handle(self, *args: Any, dry_run: bool, batch: int, **options: Any) -> None:
        if batch < 1:
            raise CommandError("--batch must be at least 1.")
        try:
            results = rotate_all(dry_run=dry_run, batch=batch)
        except DecryptionError as exc:
            raise CommandError(str(exc)) from exc
        verb = "would change" if dry_run else "changed"
        for label, counts in results.items():
            self.stdout.write(
                f"{label}: {counts.rows} rows, {counts.rotated} values rotated, "
                f"{counts.encrypted} plain values encrypted, {counts.current} already current, "
                f"{counts.rehashed} blind indexes recomputed; {verb} {counts.changed_rows} rows."
            )
        left = sum(c.rotated + c.encrypted + c.rehashed for c in results.values())
        if dry_run:
            self.stdout.write(f"Dry run: {left} values would be rewritten.")
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Done: {left} values rewritten. Run again: nothing left means only the "
                    "first key of FIELD_ENCRYPTION_KEYS is still needed."
                )
            )

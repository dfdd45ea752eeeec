from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from cegah.portal.actions import ensure_portal_tree, run_editing_setups, sync_all_editor_access


class Command(BaseCommand):
    help = (
        "Create the portal's page tree if missing and give every editor and moderator the "
        "Wagtail groups their agency roles call for (idempotent)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Report, change nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            ensure_portal_tree()
            changed = sync_all_editor_access()
            setups = run_editing_setups()
            if options["dry_run"]:
                transaction.set_rollback(True)
        prefix = "Dry run, nothing saved" if options["dry_run"] else "Done"
        self.stdout.write(
            f"{prefix}: editor groups changed for {changed} people; "
            f"{setups} apps' review permissions set up."
        )

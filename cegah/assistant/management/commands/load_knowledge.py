from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cegah.assistant.actions import ensure_knowledge_editing, load_entries
from cegah.assistant.knowledge import KnowledgeFileError, read_rows


class Command(BaseCommand):
    help = (
        "Load the seed knowledge base (cegah/assistant/knowledge/*.yaml): create missing "
        "entries as published revisions, and set up KPK review of entries. Idempotent."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Report, change nothing.")
        parser.add_argument(
            "--update",
            action="store_true",
            help="Also replace entries whose content differs from the file (a new revision).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            rows = read_rows()
        except KnowledgeFileError as exc:
            raise CommandError(str(exc)) from exc
        report = load_entries(rows, update=options["update"], dry_run=options["dry_run"])
        if not options["dry_run"]:
            ensure_knowledge_editing()
        prefix = "Dry run, nothing saved" if options["dry_run"] else "Done"
        self.stdout.write(f"{prefix}: {report.summary()}.")

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cegah.portal.cms_language import missing_translations


class Command(BaseCommand):
    help = (
        "List the editor-facing Wagtail strings that have no Indonesian translation yet, as "
        "msgid lines to add to cegah/wagtail_id (django) or locale/id (djangojs). Changes "
        "nothing; exits with an error when any is missing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        missing = missing_translations()
        for entry in missing:
            context = f"[{entry.msgctxt}] " if entry.msgctxt else ""
            plural = f" || {entry.msgid_plural!r}" if entry.msgid_plural else ""
            self.stdout.write(f"{entry.app} {entry.domain}: {context}{entry.msgid!r}{plural}")
        if missing:
            raise CommandError(f"{len(missing)} Wagtail string(s) without Indonesian.")
        self.stdout.write("Every editor-facing Wagtail string has Indonesian.")

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cegah.agencies.demo import DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = "Create the demo agencies and logins (idempotent; refused in production)."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = seed_demo()
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Demo data ready: {report.agencies_created} agencies and "
            f"{report.users_created} logins created this run."
        )
        self.stdout.write(f"Demo logins (password {DEMO_PASSWORD!r}): {', '.join(report.emails)}")

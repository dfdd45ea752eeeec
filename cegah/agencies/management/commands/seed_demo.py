from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cegah.agencies.demo import DEMO_PASSWORD, seed_demo
from cegah.campaigns.demo import seed_campaigns_demo
from cegah.core import demo
from cegah.factchecks.demo import seed_factchecks_demo
from cegah.library.demo import seed_library_demo
from cegah.portal.demo import seed_portal_demo
from cegah.reach.demo import seed_reach_demo


class Command(BaseCommand):
    help = "Create the demo agencies and logins (idempotent; refused in production)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Report, change nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = seed_demo(dry_run=options["dry_run"])
            seed_portal_demo(dry_run=options["dry_run"])
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        prefix = "Dry run, nothing saved" if options["dry_run"] else "Demo data ready"
        self.stdout.write(
            f"{prefix}: {report.agencies_created} agencies and "
            f"{report.users_created} logins created this run."
        )
        self.stdout.write(f"Demo logins (password {DEMO_PASSWORD!r}): {', '.join(report.emails)}")
        self.stdout.write(seed_library_demo(dry_run=options["dry_run"]))
        self.stdout.write(seed_campaigns_demo(dry_run=options["dry_run"]))
        self.stdout.write(seed_factchecks_demo(dry_run=options["dry_run"]).summary())
        self.stdout.write(seed_reach_demo(dry_run=options["dry_run"]))
        # Apps that declare their demo data in the registry (cegah.core.demo).
        for seeder in demo.registered():
            self.stdout.write(seeder(options["dry_run"]))

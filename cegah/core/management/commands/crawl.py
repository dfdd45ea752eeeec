from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import requests
from django.core.management.base import BaseCommand, CommandError

from cegah.accounts.models import User
from cegah.core.crawl import CrawlReport, LoginFailed, crawl, login

DEMO_DOMAIN = "@demo.example"


class Command(BaseCommand):
    help = (
        "Crawl a served Cegah from / and /en/ as a visitor and as each given login; report "
        "server errors, broken internal links, missing static files and pages over their "
        "weight budget. Exits with 1 on any problem."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--base-url", required=True, help="e.g. http://127.0.0.1:8000")
        parser.add_argument(
            "--as",
            dest="emails",
            action="append",
            default=[],
            metavar="EMAIL",
            help="Also crawl signed in as this user (repeatable).",
        )
        parser.add_argument(
            "--all-demo-logins",
            action="store_true",
            help=f"Also crawl as every active user of this database whose email ends in "
            f"{DEMO_DOMAIN} (what seed_demo creates).",
        )
        parser.add_argument("--password", help="The logins' password (default: the demo password).")
        parser.add_argument(
            "--start",
            dest="start_paths",
            action="append",
            metavar="PATH",
            help="Where each crawl starts (repeatable; default: / and /en/).",
        )
        parser.add_argument(
            "--max-pages", type=int, default=500, help="Pages per identity at most."
        )
        parser.add_argument(
            "--parallel", type=int, default=3, help="Identities crawled at the same time."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        emails: list[str] = list(dict.fromkeys(options["emails"]))
        if options["all_demo_logins"]:
            demo = User.objects.filter(email__iendswith=DEMO_DOMAIN, is_active=True)
            emails += [e for e in demo.order_by("email").values_list("email", flat=True)]
            if not demo.exists():
                raise CommandError("No demo logins in this database: run seed_demo first.")
        password = options["password"]
        if emails and password is None:
            from cegah.agencies.demo import DEMO_PASSWORD

            password = DEMO_PASSWORD
        base_url = options["base_url"].rstrip("/")
        identities: list[str | None] = [None, *dict.fromkeys(emails)]
        self.stdout.write(f"Crawling {base_url} as {len(identities)} identities…")

        def run(email: str | None) -> tuple[CrawlReport, float]:
            started = time.monotonic()
            session = requests.Session()
            if email is not None:
                try:
                    login(session, base_url, email, password or "")
                except (LoginFailed, requests.RequestException) as exc:
                    return CrawlReport(problems=[f"sign-in failed: {exc}"]), 0.0
            report = crawl(
                base_url,
                start_paths=options["start_paths"] or ("/", "/en/"),
                session=session,
                max_pages=options["max_pages"],
            )
            return report, time.monotonic() - started

        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=max(1, options["parallel"])) as pool:
            results = list(zip(identities, pool.map(run, identities), strict=True))
        problems = 0
        for email, (report, seconds) in results:
            who = email or "visitor"
            note = " (stopped at the page cap)" if report.truncated else ""
            heaviest = max(report.pages, key=lambda p: p.weight, default=None)
            self.stdout.write(
                f"{who:32} {len(report.pages):4} pages, {report.skipped:4} links skipped "
                f"as already sampled, {seconds:5.1f} s{note}"
                + (
                    f"; heaviest {heaviest.url.removeprefix(base_url)} "
                    f"{heaviest.weight / 1000:.0f} KB"
                    if heaviest and heaviest.weight
                    else ""
                )
            )
            for problem in report.problems:
                self.stdout.write(f"  PROBLEM {problem}")
            problems += len(report.problems)
        elapsed = time.monotonic() - started
        if problems:
            raise CommandError(f"{problems} problem(s) found in {elapsed:.0f} s.")
        self.stdout.write(self.style.SUCCESS(f"No problems found in {elapsed:.0f} s."))

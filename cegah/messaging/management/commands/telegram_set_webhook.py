"""Point the Telegram bot at this site's webhook (run once per deployment, and again when
SITE_URL or TELEGRAM_WEBHOOK_SECRET change); calling it again changes nothing."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from cegah.messaging import channels, telegram


class Command(BaseCommand):
    help = "Register /telegram/webhook/ (with TELEGRAM_WEBHOOK_SECRET) as the bot's webhook."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--url", help="Another public address (default: SITE_URL's).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Only show what would be registered."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.TELEGRAM_BOT_TOKEN or not settings.TELEGRAM_WEBHOOK_SECRET:
            raise CommandError("Set TELEGRAM_BOT_TOKEN and TELEGRAM_WEBHOOK_SECRET first.")
        url = options["url"] or telegram.webhook_url()
        if not url.startswith("https://"):
            raise CommandError(f"Telegram only calls https:// addresses, not {url}.")
        if options["dry_run"]:
            self.stdout.write(f"Would register {url}")
            return
        try:
            telegram.set_webhook(url)
        except channels.DeliveryError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Webhook registered: {url}"))

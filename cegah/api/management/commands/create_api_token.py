from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cegah.accounts.models import User
from cegah.api.actions import create_api_token


class Command(BaseCommand):
    help = "Create a personal API token for a user; the token is printed on the last line, once."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--user", required=True, help="The user's email address.")
        parser.add_argument("--name", default="command line", help="A label for the token.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = User.objects.get(email__iexact=options["user"], is_active=True)
        except User.DoesNotExist as exc:
            raise CommandError(f"No active user with the email {options['user']!r}.") from exc
        token, secret = create_api_token(actor=user, name=options["name"])
        self.stderr.write(f"Token {token.name!r} created for {user.email}. It is shown only once:")
        self.stdout.write(secret)

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cegah.api.actions import create_api_key
from cegah.api.models import ApiKey


class Command(BaseCommand):
    help = "Create a key for an outside system; the key is printed on the last line, once."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--name", required=True, help="The system's name, unique.")

    def handle(self, *args: Any, **options: Any) -> None:
        if ApiKey.objects.filter(name=options["name"]).exists():
            raise CommandError(f"A key named {options['name']!r} exists already.")
        key, secret = create_api_key(name=options["name"])
        self.stderr.write(f"Key {key.name!r} created. It is shown only once:")
        self.stdout.write(secret)

"""The demo world served by a live server of its own, for the browser modules that walk the whole
site (`test_accessibility.py`, `test_journeys.py`).

Loading `seed_demo` takes seconds, so such a module loads it once (module-scoped fixtures)
instead of per test, and is therefore not `transaction=True`: `served_demo()` puts the database
back exactly as it found it when the module ends.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection
from django.test import override_settings
from playwright.sync_api import Browser, Playwright
from pytest_django import DjangoDbBlocker
from pytest_django.live_server_helper import LiveServer

_seed_categories = importlib.import_module("cegah.complaints.migrations.0002_seed_categories")


def launch_chromium(
    playwright: Playwright, browser_type_launch_args: dict[str, Any]
) -> Iterator[Browser]:
    """Chromium launched by the module rather than through pytest-playwright's `browser`: that
    one is parametrized by browser name, so pytest would run the module next to the
    transactional browser tests, whose flushes would then reach the module's tests."""
    browser = playwright.chromium.launch(**browser_type_launch_args)
    yield browser
    browser.close()


@contextmanager
def served_demo[T](
    django_db_blocker: DjangoDbBlocker, media: Path, prepare: Callable[[], T]
) -> Iterator[tuple[str, T]]:
    """Seed the demo (with the complaint categories a migration gives), run `prepare()` for the
    module's own additions, serve it all with a live server, and yield its address and what
    `prepare` returned. Uploads go under `media`. At the end the database is put back."""
    private = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    uploads = override_settings(
        MEDIA_ROOT=media / "public",
        STORAGES={
            **settings.STORAGES,
            "private": {**private, "OPTIONS": {"location": media / "private"}},
        },
    )
    uploads.enable()
    with django_db_blocker.unblock():
        before = connection.creation.serialize_db_to_string()
        call_command("seed_demo", verbosity=0)
        _seed_categories.seed(apps, None)
        prepared = prepare()
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()
    try:
        yield server.url, prepared
    finally:
        with django_db_blocker.unblock():
            server._live_server_modified_settings.disable()
            # Only the thread: a request thread may still be closing Chromium's last
            # connection, and with an in-memory SQLite database it must still be allowed to
            # touch the shared connection (LiveServer.stop() would forbid that mid-request).
            server.thread.terminate()
            call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
            connection.creation.deserialize_db_from_string(before)
            # `flush` restarted PostgreSQL's sequences at 1 and the rows just put back keep
            # their ids: move every sequence past them, or the next insert collides.
            models = apps.get_models(include_auto_created=True)
            with connection.cursor() as cursor:
                for statement in connection.ops.sequence_reset_sql(no_style(), models):
                    cursor.execute(statement)
        uploads.disable()

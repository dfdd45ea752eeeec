"""Loaded by pytest (`-p cegah.testing_env`) before Django: selects the test settings profile."""

import os

os.environ["CEGAH_ENV"] = "test"
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop beside live_server

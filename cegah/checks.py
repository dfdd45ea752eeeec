"""System checks for settings that would hurt in production."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Warning, register

from cegah.core.operator import missing_operator_settings


@register(deploy=True)
def check_production_settings(app_configs: Any, **kwargs: Any) -> list[Any]:
    problems: list[Any] = []
    if not settings.PRODUCTION:
        return problems
    if str(settings.MAILERS["default"]["BACKEND"]).startswith("cegah.messaging"):
        problems.append(
            Error("Production sends email for real: set EMAIL_BACKEND.", id="cegah.E001")
        )
    if not settings.SITE_URL.startswith("https://"):
        problems.append(Error("SITE_URL must be an https:// address.", id="cegah.E002"))
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        problems.append(
            Warning("Production runs on SQLite; set DATABASE_URL to PostgreSQL.", id="cegah.W001")
        )
    if "redis" not in settings.CACHES["default"]["BACKEND"].lower():
        problems.append(
            Warning(
                "Without REDIS_URL, login rate limits and the page cache are per process "
                "(a published page shows late in the other processes); set REDIS_URL.",
                id="cegah.W002",
            )
        )
    missing = missing_operator_settings()
    if missing:
        problems.append(
            Warning(
                "The footer and the privacy notice do not say who runs this site: set "
                + ", ".join(missing)
                + ".",
                id="cegah.W010",
            )
        )
    return problems

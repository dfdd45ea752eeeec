from __future__ import annotations

from django.apps import AppConfig


class ObservabilityConfig(AppConfig):
    """Prometheus metrics, the /metrics endpoint, request ids and logs without personal data."""

    name = "cegah.observability"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cegah.observability import signals  # noqa: F401  (connects the task receivers)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "cegah.complaints"
    label = "complaints"
    verbose_name = _("Complaints")

    def ready(self) -> None:
        # Registers the system checks, and the signals that clear the lookup caches.
        from cegah.complaints import checks, lookups  # noqa: F401

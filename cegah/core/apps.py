from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "cegah.core"
    verbose_name = _("Platform")

    def ready(self) -> None:
        from cegah import checks  # noqa: F401  (registers system checks)
        from cegah.core import workspace

        workspace.discover()

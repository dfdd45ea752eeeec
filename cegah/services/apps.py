from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "cegah.services"
    label = "services"
    verbose_name = _("Public services and official fees")

    def ready(self) -> None:
        from cegah.portal.actions import register_editing_setup
        from cegah.services.actions import ensure_fee_editing

        # `manage.py sync_editor_groups` (run on every deploy) grants the review permissions.
        register_editing_setup(ensure_fee_editing)

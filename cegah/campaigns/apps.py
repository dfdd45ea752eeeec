from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "cegah.campaigns"
    label = "campaigns"
    verbose_name = _("Campaigns")

    def ready(self) -> None:
        from cegah.campaigns import access, telegram
        from cegah.messaging.telegram import register_start_handler

        register_start_handler(access.TELEGRAM_PREFIX, telegram.link_chat)

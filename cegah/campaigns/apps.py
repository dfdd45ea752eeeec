from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The page-cache namespace of public pages that show campaigns (`cegah.core.caching`).
PAGE_CACHE_NAMESPACE = "campaigns"


class CampaignsConfig(AppConfig):
    name = "cegah.campaigns"
    label = "campaigns"
    verbose_name = _("Campaigns")

    def ready(self) -> None:
        from cegah.campaigns import access, telegram
        from cegah.campaigns.models import Campaign
        from cegah.core.caching import invalidate_on_change
        from cegah.messaging.telegram import register_start_handler

        # A campaign published, started or finished is a campaign saved (the home page
        # lists the running ones).
        invalidate_on_change(Campaign, PAGE_CACHE_NAMESPACE)

        register_start_handler(access.TELEGRAM_PREFIX, telegram.link_chat)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "cegah.forum"
    label = "forum"
    verbose_name = _("Discussion")

    def ready(self) -> None:
        from cegah.forum import telegram
        from cegah.messaging.telegram import register_start_handler

        register_start_handler(telegram.PREFIX, telegram.link_chat)

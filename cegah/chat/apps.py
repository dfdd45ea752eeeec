from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChatConfig(AppConfig):
    name = "cegah.chat"
    label = "chat"
    verbose_name = _("Tanya Cegah conversations")

    def ready(self) -> None:
        # Messaging's Telegram webhook hands ordinary messages to the assistant; messaging
        # itself imports no app.
        from cegah.chat.telegram import on_update
        from cegah.messaging.telegram import register_message_handler

        register_message_handler(on_update)

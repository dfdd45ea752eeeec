from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "cegah.services"
    label = "services"
    verbose_name = _("Public services and official fees")

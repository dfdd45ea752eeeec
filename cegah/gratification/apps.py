from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GratificationConfig(AppConfig):
    name = "cegah.gratification"
    label = "gratification"
    verbose_name = _("Gratification")

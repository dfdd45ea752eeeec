from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "cegah.privacy"
    verbose_name = _("Personal data protection")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Each kind of personal data registers itself (cegah/privacy/registry.py).
        from cegah.privacy import providers  # noqa: F401

from django.apps import AppConfig


class ObservabilityConfig(AppConfig):
    name = "cegah.observability"
    default_auto_field = "django.db.models.BigAutoField"

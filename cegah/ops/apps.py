from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "cegah.ops"
    default_auto_field = "django.db.models.BigAutoField"

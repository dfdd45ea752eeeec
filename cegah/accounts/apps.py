from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "cegah.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from cegah.accounts.middleware import stamp_staff_session

        user_logged_in.connect(stamp_staff_session, dispatch_uid="cegah-staff-session")

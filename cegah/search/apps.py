from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "cegah.search"
    label = "search"
    verbose_name = _("Site search")

    def ready(self) -> None:
        from django.conf import settings
        from django.core.signals import request_started

        from cegah.search.engine import warm_in_background
        from cegah.search.query import collection

        collection()  # declare the site's ranking collection
        if not settings.TESTING:
            # Load the in-memory indexes while the process serves its first requests.
            request_started.connect(warm_in_background, dispatch_uid="search-warm")

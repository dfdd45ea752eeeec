from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FactchecksConfig(AppConfig):
    name = "cegah.factchecks"
    label = "factchecks"
    verbose_name = _("Fact-checks")

    def ready(self) -> None:
        # Site search rebuilds its index of published fact-checks through this provider.
        from cegah.factchecks.search import search_documents
        from cegah.search.documents import register_provider

        register_provider("factcheck", search_documents)

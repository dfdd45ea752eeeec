from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The page-cache namespace of the public fact-check archive (`cegah.core.caching`).
PAGE_CACHE_NAMESPACE = "factchecks"


class FactchecksConfig(AppConfig):
    name = "cegah.factchecks"
    label = "factchecks"
    verbose_name = _("Fact-checks")

    def ready(self) -> None:
        from cegah.core.caching import invalidate_on_change
        from cegah.factchecks.models import Claim
        from cegah.factchecks.search import search_documents
        from cegah.search.documents import register_provider

        # A verdict published or withdrawn is a claim saved: the archive changes.
        invalidate_on_change(Claim, PAGE_CACHE_NAMESPACE)
        # Site search rebuilds its index of published fact-checks through this provider.
        register_provider("factcheck", search_documents)
        # Declare "Periksa pesan"'s collection of published claims (warmed with search's).
        from cegah.factchecks.matching import collection

        collection()

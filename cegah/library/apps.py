from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The page-cache namespace of what the public library list shows (`cegah.core.caching`).
PAGE_CACHE_NAMESPACE = "library"


class LibraryConfig(AppConfig):
    name = "cegah.library"
    label = "library"
    verbose_name = _("Content library")

    def ready(self) -> None:
        from cegah.core.caching import invalidate_on_change
        from cegah.library.models import Adoption, LibraryItem, Topic
        from cegah.library.search import library_search_documents
        from cegah.search.documents import register_provider

        # The public list shows items, their topics and how often agencies adopted them.
        for model in (LibraryItem, Topic, Adoption):
            invalidate_on_change(model, PAGE_CACHE_NAMESPACE)
        # Site search rebuilds the library's documents from this provider.

        register_provider("library", library_search_documents)

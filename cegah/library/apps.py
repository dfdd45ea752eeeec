from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "cegah.library"
    label = "library"
    verbose_name = _("Content library")

    def ready(self) -> None:
        # Site search rebuilds the library's documents from this provider.
        from cegah.library.search import library_search_documents
        from cegah.search.documents import register_provider

        register_provider("library", library_search_documents)

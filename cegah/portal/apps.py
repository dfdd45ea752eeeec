from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "cegah.portal"
    verbose_name = _("Public portal")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save, pre_delete
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from cegah.accounts.models import Membership
        from cegah.portal import search, signals
        from cegah.portal.models import (
            AgencySectionPage,
            ContentPage,
            NewsCategory,
            NewsPage,
            PreventionIndexPage,
        )
        from cegah.search.documents import register_provider

        page_published.connect(signals.page_published, dispatch_uid="portal_published")
        page_unpublished.connect(signals.page_unpublished, dispatch_uid="portal_unpublished")
        for model in (NewsPage, ContentPage, PreventionIndexPage, AgencySectionPage):
            pre_delete.connect(signals.page_deleted, sender=model, dispatch_uid=f"del_{model}")
        post_page_move.connect(signals.pages_changed, dispatch_uid="portal_moved")
        post_save.connect(signals.pages_changed, sender=NewsCategory, dispatch_uid="portal_cat")
        post_delete.connect(signals.pages_changed, sender=NewsCategory, dispatch_uid="portal_cd")
        post_save.connect(signals.membership_changed, sender=Membership, dispatch_uid="portal_m")
        post_delete.connect(signals.membership_changed, sender=Membership, dispatch_uid="portal_d")
        register_provider("page", search.page_documents)
        register_provider("news", search.news_documents)

"""RSS 2.0 and Atom feeds of the news, in the language of the address (`/berita/rss/`,
`/en/berita/atom/`), built with Django's syndication framework."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.translation import gettext as _

from cegah.portal.models import NewsIndexPage, NewsPage, active_locale_id

FEED_ITEMS = 20


class NewsRssFeed(Feed):
    feed_type: type[SyndicationFeed] = Rss201rev2Feed

    request: HttpRequest

    def get_object(self, request: HttpRequest, *args: object, **kwargs: object) -> None:
        # The feed has no object; keep the request to build page addresses.
        self.request = request

    def title(self) -> str:
        return _("Cegah news")

    def description(self) -> str:
        return _("News on corruption prevention from KPK and government agencies.")

    def link(self) -> str:
        index = NewsIndexPage.objects.live().filter(locale_id=active_locale_id()).first()
        return index.get_url(self.request) if index else reverse("portal:home")

    def feed_url(self) -> str:
        return self.request.path

    def items(self) -> QuerySet[NewsPage]:
        return (
            NewsPage.objects.live()
            .public()
            .filter(locale_id=active_locale_id())
            .select_related("author_agency")
            .prefetch_related("categories")
            .order_by("-date", "-first_published_at", "-pk")[:FEED_ITEMS]
        )

    def item_title(self, item: NewsPage) -> str:
        return item.title

    def item_description(self, item: NewsPage) -> str:
        return item.intro

    def item_link(self, item: NewsPage) -> str:
        return item.get_url(self.request) or item.url_path

    def item_guid(self, item: NewsPage) -> str:
        return f"{settings.SITE_URL}/berita/{item.translation_key}/{item.locale_id}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: NewsPage) -> dt.datetime:
        return item.published_at()

    def item_updateddate(self, item: NewsPage) -> dt.datetime:
        return item.last_published_at or item.published_at()

    def item_author_name(self, item: NewsPage) -> str | None:
        return item.author_agency.name if item.author_agency else None

    def item_categories(self, item: NewsPage) -> list[str]:
        return [c.label for c in item.categories.all()]


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed

    def subtitle(self) -> str:
        return self.description()

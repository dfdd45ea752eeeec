"""RSS 2.0 and Atom feeds of the news, in the language of the address (`/berita/rss/`,
`/en/berita/atom/`), built with Django's syndication framework.

Each entry carries the whole article (lead image and body) besides its summary: RSS in
`<content:encoded>`, Atom in `<content type="html">`, with every address made absolute so a
feed reader shows the pictures and follows the links."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.translation import gettext as _
from django.utils.xmlutils import SimplerXMLGenerator
from wagtail.images import get_image_model

from cegah.portal.models import NewsIndexPage, NewsPage, active_locale_id

FEED_ITEMS = 20
# The article's picture in feeds: JPEG, which every feed reader shows (see feeds/article.html).
FEED_IMAGE_SPEC = "fill-1200x675|format-jpeg|jpegquality-80"
CONTENT_MODULE = "http://purl.org/rss/1.0/modules/content/"
_ADDRESS = re.compile(r'\b(href|src)="([^"]*)"')
_SRCSET = re.compile(r'\bsrcset="([^"]*)"')


def absolute_addresses(html: str, base: str) -> str:
    """`html` with every link, image and srcset address resolved against `base`."""

    def one(match: re.Match[str]) -> str:
        return f'{match.group(1)}="{urljoin(base, match.group(2))}"'

    def srcset(match: re.Match[str]) -> str:
        parts = []
        for candidate in match.group(1).split(","):
            url, _space, size = candidate.strip().partition(" ")
            parts.append(f"{urljoin(base, url)} {size}".strip())
        return f'srcset="{", ".join(parts)}"'

    return _SRCSET.sub(srcset, _ADDRESS.sub(one, html))


class FullRssFeed(Rss201rev2Feed):
    """RSS 2.0 with the content module, for the whole article."""

    def rss_attributes(self) -> dict[str, str]:
        attributes: dict[str, str] = super().rss_attributes()
        attributes["xmlns:content"] = CONTENT_MODULE
        return attributes

    def add_item_elements(self, handler: SimplerXMLGenerator, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content:encoded", item["content"])


class FullAtomFeed(Atom1Feed):
    """Atom with the whole article as the entry's content."""

    def add_item_elements(self, handler: SimplerXMLGenerator, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})


class NewsRssFeed(Feed):
    feed_type: type[SyndicationFeed] = FullRssFeed

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
            .prefetch_related(
                "categories",
                Prefetch(
                    "lead_image",
                    queryset=get_image_model().objects.prefetch_renditions(FEED_IMAGE_SPEC),
                ),
            )
            .order_by("-date", "-first_published_at", "-pk")[:FEED_ITEMS]
        )

    def item_title(self, item: NewsPage) -> str:
        return item.title

    def item_description(self, item: NewsPage) -> str:
        return item.intro

    def item_extra_kwargs(self, item: NewsPage) -> dict[str, Any]:
        html = render_to_string(
            "portal/feeds/article.html", {"page": item, "request": self.request}
        )
        link = self.request.build_absolute_uri(self.item_link(item))
        return {"content": absolute_addresses(html.strip(), link)}

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
    feed_type = FullAtomFeed

    def subtitle(self) -> str:
        return self.description()

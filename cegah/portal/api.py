"""`/api/v1/news`: published news articles, newest first."""

import datetime as dt
from typing import Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from cegah.api.params import Pages, object_id
from cegah.portal.models import CARD_SPECS, NewsPage, news_listing
from cegah.portal.templatetags.portal_tags import absolute

router = Router(tags=["news"])


class NewsCategoryOut(Schema):
    slug: str
    name: str
    name_en: str


class NewsOut(Schema):
    id: int
    title: str
    url: str = Field(description="The article's public address.")
    language: str = Field(description="`id` or `en`.")
    date: dt.date
    published_at: dt.datetime
    summary: str
    lead_image: str | None = Field(description="A 720×405 WebP rendition, or null.")
    categories: list[NewsCategoryOut]
    tags: list[str]
    author_agency: str | None = Field(description="The author agency's code.")

    @staticmethod
    def resolve_url(obj: NewsPage) -> str:
        return absolute(obj.get_url())

    @staticmethod
    def resolve_language(obj: NewsPage) -> str:
        return obj.locale.language_code

    @staticmethod
    def resolve_published_at(obj: NewsPage) -> dt.datetime:
        return obj.published_at()

    @staticmethod
    def resolve_summary(obj: NewsPage) -> str:
        return obj.intro

    @staticmethod
    def resolve_lead_image(obj: NewsPage) -> str | None:
        if obj.lead_image is None:
            return None
        return absolute(obj.lead_image.get_rendition(CARD_SPECS[1]).url)

    @staticmethod
    def resolve_categories(obj: NewsPage) -> list[NewsCategoryOut]:
        return [
            NewsCategoryOut(slug=c.slug, name=c.name, name_en=c.name_en)
            for c in obj.categories.all()
        ]

    @staticmethod
    def resolve_tags(obj: NewsPage) -> list[str]:
        return sorted(t.name for t in obj.tags.all())

    @staticmethod
    def resolve_author_agency(obj: NewsPage) -> str | None:
        return obj.author_agency.code if obj.author_agency else None


class NewsFilter(Schema):
    language: Literal["id", "en"] | None = Field(None, description="`id` or `en`.")
    category: str | None = Field(None, max_length=255, description="A category slug.")
    tag: str | None = Field(None, max_length=100, description="A tag slug.")


def _published() -> QuerySet[NewsPage]:
    return news_listing(NewsPage.objects.live().public().select_related("locale"))


@router.get("", response=list[NewsOut], summary="List published news", auth=None)
@paginate(Pages, page_size=20)
def list_news(request: HttpRequest, filters: Query[NewsFilter]) -> QuerySet[NewsPage]:
    """Published articles in both languages (or one, with `language`), newest first."""
    qs = _published()
    if filters.language:
        qs = qs.filter(locale__language_code=filters.language)
    if filters.category:
        qs = qs.filter(categories__slug=filters.category)
    if filters.tag:
        qs = qs.filter(tags__slug=filters.tag)
    return qs.order_by("-date", "-first_published_at", "-pk")


@router.get("/{news_id}", response={200: NewsOut}, summary="One news article", auth=None)
def get_news(request: HttpRequest, news_id: int = object_id()) -> NewsPage:
    """One published article; 404 when it does not exist or is not public."""
    return get_object_or_404(_published(), pk=news_id)

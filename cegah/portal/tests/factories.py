"""Plain functions that build portal pages for tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from wagtail.models import Page

from cegah.portal.actions import ensure_translation, publish
from cegah.portal.models import NewsCategory, NewsPage


def make_news(
    parent: Page, slug: str, *, live: bool = True, english: str | None = None, **values: Any
) -> NewsPage:
    """A news article under `parent` (published unless `live=False`); with `english`, its
    English translation titled so."""
    categories = values.pop("categories", [])
    tags = values.pop("tags", [])
    values.setdefault("title", slug.replace("-", " ").capitalize())
    values.setdefault("intro", f"Ringkasan {slug}.")
    values.setdefault("date", dt.date(2026, 11, 20))
    page = NewsPage(slug=slug, live=live, **values)
    page.categories.set(categories)
    page.tags.set(tags)
    parent.add_child(instance=page)
    if live:
        publish(page)
    else:
        page.save_revision()
    if english:
        ensure_translation(page, "en", title=english, slug=f"{slug}-en")
    return page


def make_category(slug: str, name: str, name_en: str) -> NewsCategory:
    return NewsCategory.objects.create(slug=slug, name=name, name_en=name_en)

"""What the portal gives site search: published pages and news as `SearchDoc`s."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.html import strip_tags
from wagtail.models import Page

from cegah.portal.models import AgencySectionPage, ContentPage, NewsPage, PreventionIndexPage
from cegah.search.documents import SearchDoc

# Page types that carry readable content; index pages and the root are left out.
PAGE_MODELS: tuple[type[Page], ...] = (ContentPage, PreventionIndexPage, AgencySectionPage)


def kind_of(page: Page) -> str | None:
    """`news`, `page`, or None for pages search does not show."""
    if isinstance(page, NewsPage):
        return "news"
    if isinstance(page, PAGE_MODELS):
        return "page"
    return None


def plain_text(page: Page) -> str:
    """The page's readable text: introduction and every StreamField block, without HTML."""
    parts = [getattr(page, "intro", "")]
    body = getattr(page, "body", None)
    if body is not None:
        parts.extend(body.stream_block.get_searchable_content(body))
    return "\n".join(strip_tags(str(p)).strip() for p in parts if p and str(p).strip())


def search_document(page: Page) -> SearchDoc | None:
    """The search document of a published page, or None when search should not show it."""
    page = page.specific
    kind = kind_of(page)
    if kind is None:
        return None
    topics: tuple[str, ...] = ()
    published_at = page.first_published_at
    if isinstance(page, NewsPage):
        topics = tuple(c.slug for c in page.categories.all())
        published_at = page.published_at()
    elif isinstance(page, ContentPage) and page.topic:
        topics = (page.topic,)
    return SearchDoc(
        kind=kind,
        key=str(page.translation_key),
        language=page.locale.language_code,
        title=page.title,
        body=plain_text(page),
        url=page.get_url() or page.url_path,
        topics=topics,
        published_at=published_at,
    )


def _documents(models: tuple[type[Page], ...]) -> Iterator[SearchDoc]:
    for model in models:
        for page in model.objects.live().public().select_related("locale"):
            doc = search_document(page)
            if doc is not None:
                yield doc


def page_documents() -> Iterator[SearchDoc]:
    """Provider for `kind="page"`: every live content page in both languages."""
    return _documents(PAGE_MODELS)


def news_documents() -> Iterator[SearchDoc]:
    """Provider for `kind="news"`: every live article in both languages."""
    return _documents((NewsPage,))

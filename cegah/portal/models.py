"""The editorial side of the portal: Wagtail pages for the prevention window, static pages,
agency sections and news, one tree per language (id first, en translated with
wagtail-localize)."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Locale, Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from cegah.portal.blocks import BodyBlock
from cegah.portal.forms import NewsPageForm, PortalPageForm

# Image sizes served: phones first. The list shows a 16:9 card, the article a wider picture.
CARD_SPECS = (
    "fill-480x270|format-webp|webpquality-65",
    "fill-720x405|format-webp|webpquality-65",
)
LEAD_SPECS = ("fill-800x450|format-webp", "fill-1200x675|format-webp")
SHARE_SPEC = "fill-1200x630|format-jpeg|jpegquality-80"
NEWS_PER_PAGE = 10


# The pages editors write keep their address next to the title, on the tab they are looking
# at: an address that cannot be used is reported where it can be seen and corrected.
SLUG_PANEL = FieldPanel(
    "slug",
    heading=_("Address (slug)"),
    help_text=_(
        "The page's address on the site, made from the title. Letters, digits and hyphens only."
    ),
)
PROMOTE_PANELS: list[Any] = [
    MultiFieldPanel(
        [FieldPanel("seo_title"), FieldPanel("search_description")],
        heading=_("For search engines"),
    ),
    MultiFieldPanel([FieldPanel("show_in_menus")], heading=_("For site menus")),
]


def active_locale_id() -> int | None:
    """The Wagtail locale of the active language (None before any locale exists)."""
    try:
        return Locale.get_active().pk
    except Locale.DoesNotExist:
        return None


class PortalRootPage(Page):
    """The root of one language's tree. The home page itself is a Django view
    (`portal:home`), so this page only sends visitors there."""

    parent_page_types: ClassVar[list[str]] = ["wagtailcore.Page"]
    subpage_types: ClassVar[list[str]] = [
        "portal.PreventionIndexPage",
        "portal.NewsIndexPage",
        "portal.AgencyIndexPage",
        "portal.ContentPage",
    ]

    # One root per language (id and en).
    max_count = 2

    class Meta:
        verbose_name = _("portal root")

    def serve(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with translation.override(self.locale.language_code):
            return HttpResponseRedirect(reverse("portal:home"))


class ContentPage(Page):
    """A static page: a prevention-window section, an agency's page, an about page."""

    intro = models.TextField(_("introduction"), blank=True, max_length=500)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    topic = models.SlugField(
        _("topic"),
        blank=True,
        max_length=50,
        help_text=_("A search topic such as lhkpn or gratifikasi (optional)."),
    )

    base_form_class = PortalPageForm
    content_panels: ClassVar[list[Any]] = [
        *Page.content_panels,
        SLUG_PANEL,
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    promote_panels: ClassVar[list[Any]] = [*PROMOTE_PANELS, FieldPanel("topic")]
    search_fields: ClassVar[list[Any]] = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    parent_page_types: ClassVar[list[str]] = [
        "portal.PortalRootPage",
        "portal.PreventionIndexPage",
        "portal.AgencySectionPage",
        "portal.ContentPage",
    ]
    subpage_types: ClassVar[list[str]] = ["portal.ContentPage"]

    class Meta:
        verbose_name = _("content page")
        verbose_name_plural = _("content pages")


class PreventionIndexPage(Page):
    """The prevention window (`/pencegahan/`): the instruments explained in plain words."""

    intro = models.TextField(_("introduction"), blank=True, max_length=1000)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels: ClassVar[list[Any]] = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields: ClassVar[list[Any]] = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types: ClassVar[list[str]] = ["portal.PortalRootPage"]
    subpage_types: ClassVar[list[str]] = ["portal.ContentPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("prevention window")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = self.get_children().live().public().specific()
        return context


class AgencyIndexPage(Page):
    """`/kanal/`: the list of agency sections."""

    intro = models.TextField(_("introduction"), blank=True, max_length=1000)

    content_panels: ClassVar[list[Any]] = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types: ClassVar[list[str]] = ["portal.PortalRootPage"]
    subpage_types: ClassVar[list[str]] = ["portal.AgencySectionPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("agency sections index")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = (
            AgencySectionPage.objects.child_of(self).live().public().select_related("agency")
        )
        return context


class AgencySectionPage(Page):
    """One agency's own part of the site; its editors may edit only this subtree."""

    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("agency"),
    )
    intro = models.TextField(_("introduction"), blank=True, max_length=1000)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels: ClassVar[list[Any]] = [
        *Page.content_panels,
        # Set when the section is made (`actions.ensure_agency_section`); its editors'
        # permissions hang on the page, so the agency is not theirs to change.
        FieldPanel("agency", read_only=True),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields: ClassVar[list[Any]] = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    parent_page_types: ClassVar[list[str]] = ["portal.AgencyIndexPage"]
    subpage_types: ClassVar[list[str]] = ["portal.ContentPage", "portal.NewsPage"]
    # Made by `actions.ensure_agency_section` with its groups and workflow, not in the CMS.
    is_creatable = False

    class Meta:
        verbose_name = _("agency section")
        verbose_name_plural = _("agency sections")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["children"] = self.get_children().live().public().type(ContentPage).specific()
        # The agency's articles wherever they were filed (here or under /berita/).
        context["news"] = news_listing(
            NewsPage.objects.live()
            .public()
            .filter(locale_id=self.locale_id, author_agency_id=self.agency_id)
            .order_by("-date", "-pk")
        )[:5]
        news_index = NewsIndexPage.objects.live().filter(locale_id=self.locale_id).first()
        context["news_url"] = news_index.get_url(request) if news_index else ""
        return context


@register_snippet
class NewsCategory(models.Model):
    """A news category; named in both languages so one list serves both trees."""

    name = models.CharField(_("name (Indonesian)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)

    panels: ClassVar[list[Any]] = [FieldPanel("name"), FieldPanel("name_en"), FieldPanel("slug")]

    class Meta:
        verbose_name = _("news category")
        verbose_name_plural = _("news categories")
        ordering: ClassVar[list[str]] = ["name"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name in the active language."""
        return self.name_en if translation.get_language() == "en" else self.name


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "portal.NewsPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


def news_listing(queryset: QuerySet[NewsPage]) -> QuerySet[NewsPage]:
    """News with everything a list shows in a fixed number of queries, whatever its length:
    the lead image with its card renditions, the author agency, categories and tags."""
    images = get_image_model().objects.prefetch_renditions(*CARD_SPECS)
    return queryset.select_related("author_agency").prefetch_related(
        Prefetch("lead_image", queryset=images),
        "categories",
        "tags",
    )


class NewsIndexPage(Page):
    """`/berita/`: every published article of this language, newest first, filterable by
    category (`?kategori=`) and tag (`?tag=`)."""

    intro = models.TextField(_("introduction"), blank=True, max_length=1000)

    content_panels: ClassVar[list[Any]] = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types: ClassVar[list[str]] = ["portal.PortalRootPage"]
    subpage_types: ClassVar[list[str]] = ["portal.NewsPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("news index")

    def news(self) -> QuerySet[NewsPage]:
        """All live articles in this page's language, wherever they sit in the tree."""
        return (
            NewsPage.objects.live()
            .public()
            .filter(locale_id=self.locale_id)
            .order_by("-date", "-first_published_at", "-pk")
        )

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        news = self.news()
        category = tag = None
        if slug := request.GET.get("kategori", "").strip():
            category = NewsCategory.objects.filter(slug=slug).first()
            news = news.filter(categories=category) if category else news.none()
        if slug := request.GET.get("tag", "").strip():
            from taggit.models import Tag

            tag = Tag.objects.filter(slug=slug).first()
            news = news.filter(tags=tag) if tag else news.none()
        paginator = Paginator(news_listing(news), NEWS_PER_PAGE)
        try:
            page_obj = paginator.page(request.GET.get("halaman", 1))
        except PageNotAnInteger:
            page_obj = paginator.page(1)
        except EmptyPage:
            page_obj = paginator.page(paginator.num_pages)
        context.update(
            news_url=self.get_url(request),
            page_obj=page_obj,
            category=category,
            tag=tag,
            categories=NewsCategory.objects.all(),
        )
        return context


class NewsPage(Page):
    """A news article (berita)."""

    date = models.DateField(_("date"), default=dt.date.today)
    intro = models.TextField(
        _("summary"), max_length=300, help_text=_("One or two sentences, shown in lists.")
    )
    lead_image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lead image"),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    categories = ParentalManyToManyField(
        NewsCategory, blank=True, related_name="news", verbose_name=_("categories")
    )
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("tags"))
    author_agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author agency"),
    )

    base_form_class = NewsPageForm
    content_panels: ClassVar[list[Any]] = [
        *Page.content_panels,
        SLUG_PANEL,
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("author_agency")],
            heading=_("Published by"),
        ),
        FieldPanel("intro"),
        FieldPanel("lead_image"),
        FieldPanel("body"),
        FieldPanel("categories"),
        FieldPanel("tags"),
    ]
    search_fields: ClassVar[list[Any]] = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    parent_page_types: ClassVar[list[str]] = ["portal.NewsIndexPage", "portal.AgencySectionPage"]
    promote_panels: ClassVar[list[Any]] = PROMOTE_PANELS
    subpage_types: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        news_index = NewsIndexPage.objects.live().filter(locale_id=self.locale_id).first()
        context["news_index"] = news_index
        context["news_url"] = news_index.get_url(request) if news_index else ""
        return context

    def _section(self) -> AgencySectionPage | None:
        if not self.path:
            return None
        return AgencySectionPage.objects.ancestor_of(self).first()

    def _take_section_agency(self) -> None:
        """An article inside an agency's section is always that agency's."""
        section = self._section()
        if section is not None:
            self.author_agency_id = section.agency_id

    def clean(self) -> None:
        super().clean()
        section = self._section()
        if section is not None and self.author_agency_id != section.agency_id:
            raise ValidationError(
                {
                    "author_agency": _(
                        "An article in an agency's section is published by that agency."
                    )
                }
            )

    def save(self, *args: Any, **kwargs: Any) -> None:
        self._take_section_agency()
        super().save(*args, **kwargs)

    def save_revision(self, *args: Any, **kwargs: Any) -> Any:
        self._take_section_agency()
        return super().save_revision(*args, **kwargs)

    def published_at(self) -> dt.datetime:
        """When the article counts as published, for feeds and the API: the first
        publication, unless the editor dated the article another day (then 08:00 that day)."""
        first = self.first_published_at
        if first and timezone.localdate(first) == self.date:
            return first
        return timezone.make_aware(dt.datetime.combine(self.date, dt.time(8)))

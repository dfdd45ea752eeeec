"""The public pages every visitor starts from."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from wagtail.models import Page

from cegah.agencies.models import Agency
from cegah.campaigns.models import Campaign
from cegah.campaigns.models import Status as CampaignStatus
from cegah.core.caching import anonymous_page_cache
from cegah.portal.feeds import NewsAtomFeed, NewsRssFeed
from cegah.portal.models import (
    NewsIndexPage,
    NewsPage,
    PreventionIndexPage,
    active_locale_id,
    news_listing,
)
from cegah.regions.models import Region


@dataclass(frozen=True)
class Action:
    """A door on the home page; it links once the module behind `url_name` is installed."""

    title: Promise
    text: Promise
    url_name: str
    # A Wagtail page type: the door links to the live page of that type in the active
    # language (and says "Coming soon" while there is none).
    page_type: type[Page] | None = None

    @property
    def url(self) -> str | None:
        if self.page_type is not None:
            page = self.page_type.objects.live().filter(locale_id=active_locale_id()).first()
            return page.url if page else None
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return None


LATEST_NEWS = 3
RUNNING_CAMPAIGNS = 3


def running_campaigns() -> list[Campaign]:
    """Published campaigns whose period includes today, those ending soonest first."""
    today = timezone.localdate()
    return list(
        Campaign.objects.filter(
            status__in=[CampaignStatus.PUBLISHED, CampaignStatus.RUNNING],
            starts_on__lte=today,
            ends_on__gte=today,
        )
        .select_related("organiser")
        .order_by("ends_on", "pk")[:RUNNING_CAMPAIGNS]
    )


HOME_ACTIONS = (
    Action(
        _("Report a complaint"),
        _(
            "Asked to pay an unofficial fee? Report it, anonymously if you wish, and follow it with a code."
        ),
        "complaints:new",
    ),
    Action(
        _("Must I report this gift?"),
        _("Civil servants: check in a minute whether a gift must be reported, and by when."),
        "gratification:check",
    ),
    Action(
        _("Check a hoax"),
        _("Received a suspicious message? See whether it has been checked, or send it in."),
        "factchecks:check",
    ),
    Action(
        _("Learn about prevention"),
        _(
            "LHKPN, gratification, the integrity survey (SPI), MCP and the national strategy in plain words."
        ),
        "portal:knowledge",
        PreventionIndexPage,
    ),
    Action(
        _("What should a service cost?"),
        _("Public services are free unless a regulation sets a fee. Check before you pay."),
        "portal:levies",
    ),
    Action(
        _("Join a campaign"),
        _("Civil servants share prepared anti-corruption materials with one tap."),
        "campaigns:index",
    ),
)


@require_GET
@anonymous_page_cache(60)
def home(request: HttpRequest) -> HttpResponse:
    """What Cegah is, the doors to its main actions, and the latest news."""
    locale_id = active_locale_id()
    latest = news_listing(
        NewsPage.objects.live()
        .public()
        .filter(locale_id=locale_id)
        .order_by("-date", "-first_published_at", "-pk")
    )[:LATEST_NEWS]
    news_index = NewsIndexPage.objects.live().filter(locale_id=locale_id).first()
    context = {
        "actions": HOME_ACTIONS,
        "latest_news": latest,
        "news_url": news_index.url if news_index else None,
        "running_campaigns": running_campaigns(),
    }
    return render(request, "portal/home.html", context)


@require_GET
def news_rss(request: HttpRequest) -> HttpResponse:
    """RSS 2.0 feed of the news in the address's language (a new feed object per request,
    since it keeps the request)."""
    return NewsRssFeed()(request)


@require_GET
def news_atom(request: HttpRequest) -> HttpResponse:
    """Atom feed of the news in the address's language."""
    return NewsAtomFeed()(request)


@require_GET
def about(request: HttpRequest) -> HttpResponse:
    """Who runs the platform and what it covers, with live counts."""
    context = {
        "agency_count": Agency.objects.active().count(),
        "region_count": Region.objects.count(),
    }
    return render(request, "portal/about.html", context)

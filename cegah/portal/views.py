"""The public pages every visitor starts from."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from cegah.agencies.models import Agency
from cegah.campaigns.public import running_campaigns
from cegah.core.caching import anonymous_page_cache, content_version
from cegah.portal.feeds import NewsAtomFeed, NewsRssFeed
from cegah.portal.models import NewsPage, active_locale_id, news_listing
from cegah.portal.sections import section_urls
from cegah.regions.models import Region


@dataclass(frozen=True)
class Action:
    """A door on the home page to a page that exists: a named address, or one of the portal's
    Wagtail sections (`section`, see `sections.section_urls`; the door is left out while the
    section has no live page)."""

    title: Promise
    text: Promise
    url_name: str = ""
    section: str = ""

    @property
    def url(self) -> str | None:
        if self.section:
            return section_urls().get(self.section)
        return reverse(self.url_name)


LATEST_NEWS = 3
RUNNING_CAMPAIGNS = 3
# How long the home page's campaign and news blocks are kept for signed-in visitors: as stale
# as the anonymous page cache's own bound (`caching.DEFAULT_SECONDS`).
HOME_BLOCKS_SECONDS = 60


HOME_ACTIONS = (
    Action(
        _("Report a complaint"),
        _(
            "Asked to pay an unofficial fee? Report it, anonymously if you wish, and follow it with a code."
        ),
        "complaints:new",
    ),
    Action(
        _("Is this levy legal?"),
        _(
            "See the official fee of a public service, or whether it is free, with the regulation behind it."
        ),
        "services:check",
    ),
    Action(
        _("Must I report this gift?"),
        _("Civil servants: check in a minute whether a gift must be reported, and by when."),
        "gratification:check",
    ),
    Action(
        _("Ask Cegah"),
        _(
            "Ask in your own words about gifts, levies, complaints or hoaxes: a short answer with its source, or a person to ask."
        ),
        "chat:ask",
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
        section="prevention",
    ),
    Action(
        _("How do agencies answer?"),
        _("See how many complaints each agency received and how quickly it answered."),
        "complaints:statistics",
    ),
    Action(
        _("MCP and SPI integrity scores"),
        _("See each government's scores and rankings, and what to do about its weakest part."),
        "integrity:home",
    ),
    Action(
        _("Ask the agencies"),
        _("Ask a question in public; the agency concerned answers it officially."),
        "forum:list",
    ),
    Action(
        _("Materials to share"),
        _("Posters, videos and guides against corruption, free to use and adapt."),
        "library:list",
    ),
)


@require_GET
@anonymous_page_cache(60)
def home(request: HttpRequest) -> HttpResponse:
    """What Cegah is, the doors to its main actions, and the latest news."""
    context = {
        "actions": [(action, action.url) for action in HOME_ACTIONS],
        # Called by the template only when its cached blocks have expired (signed-in people
        # get their own page, whose header is theirs, but share these blocks).
        "latest_news": _latest_news,
        "news_url": section_urls().get("news"),
        "running_campaigns": partial(running_campaigns, RUNNING_CAMPAIGNS),
        "blocks_seconds": HOME_BLOCKS_SECONDS,
        # In the blocks' cache key: publishing news or starting a campaign refreshes them.
        "blocks_version": content_version(),
    }
    return render(request, "portal/home.html", context)


def _latest_news() -> list[NewsPage]:
    return list(
        news_listing(
            NewsPage.objects.live()
            .public()
            .filter(locale_id=active_locale_id())
            .order_by("-date", "-first_published_at", "-pk")
        )[:LATEST_NEWS]
    )


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

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse, translate_url
from django.utils.translation import get_language, get_language_info, override
from wagtail.models import Locale, Page

# The header's menu and the footer are the same for every visitor in a language, so base.html
# keeps them as cached fragments. Their key carries a digest of what they are made of (the
# layout template and the operator's settings), so a deploy that changes either never shows
# the old menu, even from a Redis cache that outlived the previous release.
CHROME_CACHE_SECONDS = 600


def _chrome_key() -> str:
    layout = (settings.BASE_DIR / "templates" / "base.html").read_bytes()
    operator = "|".join(
        str(getattr(settings, name, ""))
        for name in (
            "OPERATOR_NAME",
            "OPERATOR_ADDRESS",
            "OPERATOR_EMAIL",
            "OPERATOR_PHONE",
            "OPERATOR_HOTLINE",
        )
    )
    return hashlib.sha256(layout + operator.encode()).hexdigest()[:12]


CHROME_KEY = _chrome_key()


def site(request: HttpRequest) -> dict[str, object]:
    """Values every page needs: the environment banner, the site address, the language switch."""
    return {
        "CEGAH_ENV": settings.CEGAH_ENV,
        "SITE_URL": settings.SITE_URL,
        "CHROME_KEY": CHROME_KEY,
        "CHROME_CACHE_SECONDS": CHROME_CACHE_SECONDS,
        # Called only by templates that show the language switch or the hreflang links.
        "other_languages": lambda: _other_languages(request),
        "language_alternates": lambda: [a for a in alternates(request) if a.exact],
    }


@dataclass(frozen=True)
class Alternate:
    """Where this page lives in one language. `exact` is False when the page has no
    translation there and `url` is the nearest page that has one (an ancestor, or home)."""

    code: str
    name: str
    url: str
    exact: bool

    @property
    def absolute_url(self) -> str:
        return settings.SITE_URL + self.url


def alternates(request: HttpRequest) -> list[Alternate]:
    """This page in every language, worked out once per request.

    A Wagtail page goes to its translation, or when it has none to its nearest translated
    ancestor: the slugs differ between the language trees, so swapping the prefix would land
    on a 404. Every other page is a Django view whose path is the same in both languages, so
    `translate_url` is exact. A view may set `request.cegah_alternates` ({language code:
    path}) to send the switch elsewhere (an error page sends it to each language's home);
    those are places to go, not translations, so they are not named as hreflang alternates.
    """
    cached: list[Alternate] | None = getattr(request, "_cegah_alternates", None)
    if cached is not None:
        return cached
    urls: dict[str, str] | None = getattr(request, "cegah_alternates", None)
    exact = {code: urls is None for code, _name in settings.LANGUAGES}
    if urls is None:
        page = _wagtail_page(request)
        if page is not None:
            urls, exact = _page_urls(request, page)
        else:
            path = request.get_full_path()
            urls = {code: translate_url(path, code) for code, _name in settings.LANGUAGES}
    result = [
        Alternate(code, get_language_info(code)["name_local"], urls[code], exact[code])
        for code, _name in settings.LANGUAGES
        if code in urls
    ]
    request._cegah_alternates = result  # type: ignore[attr-defined]
    return result


def _other_languages(request: HttpRequest) -> list[Alternate]:
    """This page in each other language, worked out while the page's own language is active."""
    current = get_language()
    return [a for a in alternates(request) if a.code != current]


def _wagtail_page(request: HttpRequest) -> Page | None:
    """The Wagtail page this request is serving (routed once: Wagtail caches the route on the
    request), or None for a Django view or a path no page answers."""
    match = request.resolver_match
    if match is None or match.url_name != "wagtail_serve":
        return None
    path = match.args[0] if match.args else match.kwargs.get("path", "")
    return Page.find_for_request(request, path)


def _page_urls(request: HttpRequest, page: Page) -> tuple[dict[str, str], dict[str, bool]]:
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    ancestors: list[Page] | None = None
    urls: dict[str, str] = {}
    exact: dict[str, bool] = {}
    for code, _name in settings.LANGUAGES:
        locale = locales.get(code)
        target = _live_translation(page, locale)
        exact[code] = target is not None
        if target is None and locale is not None:
            if ancestors is None:
                ancestors = list(page.get_ancestors().filter(depth__gt=1).order_by("-depth"))
            target = next((t for a in ancestors if (t := _live_translation(a, locale))), None)
        url = target.get_url(request) if target is not None else None
        if not url:
            with override(code):
                url = reverse("portal:home")
            exact[code] = False
        elif exact[code] and request.META.get("QUERY_STRING"):
            # Same page, same question (a news category, a page of results).
            url += "?" + request.META["QUERY_STRING"]
        urls[code] = url
    return urls, exact


def _live_translation(page: Page, locale: Locale | None) -> Page | None:
    if locale is None:
        return None
    if page.locale_id == locale.pk:
        return page if page.live else None
    found = page.get_translation_or_none(locale)
    return found if found is not None and found.live else None

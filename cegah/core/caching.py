"""Whole-page caching for visitors without a session: the public pages most people read."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

View = Callable[..., HttpResponse]


def _cacheable(request: HttpRequest) -> bool:
    """Only GETs from visitors with no session and no pending messages see a shared page."""
    return (
        request.method == "GET"
        and not getattr(request, "htmx", False)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def anonymous_page_cache(seconds: int) -> Callable[[View], View]:
    """Serve the same rendered page to every anonymous visitor for `seconds`, per language.

    The page must not hold per-visitor content (CSRF tokens, CSP nonces, messages) nor
    depend on the query string: a page that contains a nonce is never stored.
    """

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
            if not _cacheable(request):
                return view(request, *args, **kwargs)
            # The query string is left out of the key on purpose: cached pages do not depend
            # on it, and `?anything` must not be a way around the cache.
            key = f"page:{get_language()}:{request.path}"
            cached = cache.get(key)
            if cached is not None:
                content, content_type = cached
                return HttpResponse(content, content_type=content_type)
            response = view(request, *args, **kwargs)
            if (
                response.status_code == 200
                and not response.cookies
                and b"nonce=" not in response.content
            ):
                cache.set(key, (response.content, response["Content-Type"]), seconds)
            return response

        return wrapper

    return decorator

"""Whole-page caching for visitors without a session: the public pages most people read.

How the parts fit:

- A page says it may be shared by all anonymous visitors: a Django view with the
  `anonymous_page_cache(...)` decorator, anything else (a Wagtail page type, from a hook) by
  calling `share_page(request, ...)`. It names the content it shows (`depends_on`: namespaces
  such as `"pages"` or `"library"`) and the query parameters it reads.
- `AnonymousPageCacheMiddleware`, the innermost middleware, answers a visitor without a
  session from the cache *before* URL routing (a Wagtail page then costs no query at all) and
  stores a shared page after it is rendered. Every outer middleware (security headers, CSP,
  gzip, page-view counts) still runs on a cached answer.
- A write bumps the version number of a namespace (`invalidate()`, or
  `invalidate_on_change()` for every save and delete of a model). Page keys contain the
  versions of the namespaces the page depends on, so the next visitor gets a fresh page
  without listing or deleting keys; old entries just expire. This works the same on the
  local-memory cache and on Redis. The local-memory cache is per process, so with several
  web processes only Redis makes a publish visible everywhere at once (without it, after at
  most the page's `seconds`); production warns without it (`cegah.W002`).
- Browsers get `Cache-Control: public, max-age=0, must-revalidate` with an ETag and
  Last-Modified: they keep the page and ask again each time, and the answer is an empty 304
  while nothing changed. Signed-in people get their own page, marked `private`.
"""

from __future__ import annotations

import gzip
import hashlib
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial, wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language

View = Callable[..., HttpResponse]

# How long a shared page lives when nothing invalidates it first: the bound on staleness
# for what no signal announces (a campaign whose first day comes at midnight, a count).
DEFAULT_SECONDS = 60
# Where a path's sharing rules are remembered between requests (they are fixed by code).
POLICY_SECONDS = 24 * 60 * 60
# Query values longer than this are not worth a cache entry of their own.
MAX_QUERY_LENGTH = 200
# Pages shorter than this are sent as they are (GZipMiddleware's own threshold).
MIN_GZIP_LENGTH = 200
_ACCEPTS_GZIP = re.compile(r"\bgzip\b")
# Headers an outer middleware or the cache itself sets; the rest of a view's headers is kept.
_NOT_STORED = frozenset({"content-length", "set-cookie", "etag", "last-modified", "cache-control"})

_REQUEST_ATTRIBUTE = "_cegah_shared_page"
_namespaces: set[str] = set()


@dataclass(frozen=True)
class SharedPage:
    """How a page may be shared: for how long, which content it shows (None: all of it) and
    which query parameters change it (any other parameter is ignored by the page)."""

    seconds: int
    depends_on: tuple[str, ...] | None
    params: tuple[str, ...]

    def namespaces(self) -> tuple[str, ...]:
        return self.depends_on if self.depends_on is not None else tuple(sorted(_namespaces))


def register_namespace(*names: str) -> None:
    """Make namespaces known, so every lookup reads their version in the same round trip."""
    _namespaces.update(names)


def _version_key(namespace: str) -> str:
    return f"pagecache:ns:{namespace}"


def _digest(*parts: str) -> str:
    text = "\x1f".join(parts)
    return hashlib.blake2b(text.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()


def _policy_key(language: str, path: str) -> str:
    return f"pagecache:policy:{_digest(language, path)}"


def _page_key(language: str, path: str, query: str, versions: tuple[int, ...]) -> str:
    return f"pagecache:page:{_digest(language, path, query, repr(versions))}"


def _bump(namespace: str) -> None:
    try:
        cache.incr(_version_key(namespace))
    except ValueError:
        # Lost or never set: start from the clock, above any number used before it was lost.
        cache.add(_version_key(namespace), time.time_ns() // 1_000_000, timeout=None)


def invalidate(namespace: str) -> None:
    """Every shared page that shows `namespace` is rendered afresh for its next visitor.

    Bumped now and again once the transaction commits: a page rendered from the old rows
    while the transaction was open cannot outlive it."""
    register_namespace(namespace)
    _bump(namespace)
    transaction.on_commit(partial(_bump, namespace))


def invalidate_on_change(model: type[models.Model], namespace: str) -> None:
    """Invalidate `namespace` whenever a `model` row is saved or deleted (call from `ready()`)."""
    register_namespace(namespace)

    def changed(sender: type[models.Model], **kwargs: Any) -> None:
        invalidate(namespace)

    uid = f"pagecache:{model._meta.label}:{namespace}"
    post_save.connect(changed, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=uid)


def _current_versions(namespaces: Iterable[str], found: dict[str, Any]) -> dict[str, int]:
    """The versions of `namespaces` from a `get_many` result, starting the missing ones."""
    versions: dict[str, int] = {}
    for namespace in namespaces:
        key = _version_key(namespace)
        value = found.get(key)
        if value is None:
            cache.add(key, time.time_ns() // 1_000_000, timeout=None)
            value = cache.get(key)
        if value is not None:
            versions[namespace] = int(value)
    return versions


def content_version(*namespaces: str) -> str:
    """The current versions of `namespaces` (default: every one) as one string: put it in a
    template fragment cache's key (`{% cache 60 name content_version %}`) so that a publish
    refreshes the fragment too, not only the whole page."""
    names = sorted(namespaces or _namespaces)
    found = cache.get_many([_version_key(name) for name in names])
    versions = _current_versions(names, found)
    return ".".join(f"{name}{versions.get(name, 0)}" for name in names)


def share_page(
    request: HttpRequest,
    *,
    seconds: int = DEFAULT_SECONDS,
    depends_on: Iterable[str] | None = None,
    params: Iterable[str] = (),
) -> None:
    """Let this request's page be shared with every anonymous visitor (see the module doc)."""
    setattr(request, _REQUEST_ATTRIBUTE, _policy(seconds, depends_on, params))


def _policy(seconds: int, depends_on: Iterable[str] | None, params: Iterable[str]) -> SharedPage:
    depends = tuple(sorted(set(depends_on))) if depends_on is not None else None
    if depends:
        register_namespace(*depends)
    return SharedPage(seconds, depends, tuple(sorted(set(params))))


def anonymous_page_cache(
    seconds: int = DEFAULT_SECONDS,
    *,
    depends_on: Iterable[str] | None = None,
    params: Iterable[str] = (),
) -> Callable[[View], View]:
    """Serve the view's page to every anonymous visitor from the cache, per language.

    The page must not hold per-visitor content: a page that uses a CSRF token or a CSP
    nonce, sets a cookie or shows a message is never stored. `depends_on` names the content
    namespaces it shows (default: all, for a page that shows a bit of everything); `params`
    the query parameters it reads. A request with other parameters is answered with the page
    without them, so `?utm_source=…` is no way around the cache.
    """
    policy = _policy(seconds, depends_on, params)

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
            setattr(request, _REQUEST_ATTRIBUTE, policy)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def _anonymous_get(request: HttpRequest) -> bool:
    """Only GETs from visitors with no session and no pending messages see a shared page."""
    return (
        request.method == "GET"
        and not getattr(request, "htmx", False)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _query(request: HttpRequest, params: tuple[str, ...]) -> str | None:
    """The declared parameters' values in a fixed order, or None when a value is too long."""
    parts = []
    for name in params:
        for value in request.GET.getlist(name):
            if len(value) > MAX_QUERY_LENGTH:
                return None
            parts.append(f"{name}={value}")
    return "&".join(parts)


def _shared_headers(response: HttpResponseBase, etag: str, modified: float) -> None:
    response.headers["ETag"] = etag
    response.headers["Last-Modified"] = http_date(modified)
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    patch_vary_headers(response, ("Cookie",))


def _storable(request: HttpRequest, response: HttpResponseBase) -> bool:
    return (
        response.status_code == 200
        and isinstance(response, HttpResponse)
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
        and b"nonce=" not in response.content
    )


class AnonymousPageCacheMiddleware:
    """Answers anonymous visitors from the shared page cache; keep it last in MIDDLEWARE."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not _anonymous_get(request):
            response = self.get_response(request)
            if getattr(request, _REQUEST_ATTRIBUTE, None) is not None:
                patch_cache_control(response, private=True, no_cache=True)
            return response

        language = get_language()
        path = request.path
        policy_key = _policy_key(language, path)
        found = cache.get_many([policy_key, *(_version_key(name) for name in sorted(_namespaces))])
        known: SharedPage | None = found.get(policy_key)
        if known is not None:
            query = _query(request, known.params)
            versions = _current_versions(known.namespaces(), found)
            if query is not None and len(versions) == len(known.namespaces()):
                key = _page_key(language, path, query, tuple(versions.values()))
                entry = cache.get(key)
                if entry is not None:
                    return self._cached(request, entry)
        # Read before rendering: a write during the rendering bumps past what is stored.
        before = _current_versions(sorted(_namespaces), found)

        response = self.get_response(request)
        policy: SharedPage | None = getattr(request, _REQUEST_ATTRIBUTE, None)
        if policy is None or not _storable(request, response):
            return response
        # A parameter the page does not declare may have changed it: not the shared copy.
        if not set(request.GET) <= set(policy.params):
            return response
        query = _query(request, policy.params)
        namespaces = policy.namespaces()
        if query is None or any(name not in before for name in namespaces):
            return response
        assert isinstance(response, HttpResponse)  # _storable checked it
        modified = time.time()
        etag = f'W/"{hashlib.blake2b(response.content, digest_size=16).hexdigest()}"'
        headers = {k: v for k, v in response.items() if k.lower() not in _NOT_STORED}
        # Compressed once here rather than by GZipMiddleware on every hit (the largest cost of
        # a hit). No random padding against BREACH is needed: a shared page holds no secret.
        compressed = (
            gzip.compress(response.content, compresslevel=6, mtime=0)
            if len(response.content) >= MIN_GZIP_LENGTH and "Content-Encoding" not in response
            else None
        )
        key = _page_key(language, path, query, tuple(before[name] for name in namespaces))
        cache.set(key, (response.content, compressed, headers, etag, modified), policy.seconds)
        if known != policy:
            cache.set(policy_key, policy, POLICY_SECONDS)
        _shared_headers(response, etag, modified)
        conditional = get_conditional_response(
            request, etag=etag, last_modified=int(modified), response=response
        )
        return conditional if conditional is not None else response

    @staticmethod
    def _cached(
        request: HttpRequest, entry: tuple[bytes, bytes | None, dict[str, str], str, float]
    ) -> Any:
        content, compressed, headers, etag, modified = entry
        gzipped = compressed is not None and bool(
            _ACCEPTS_GZIP.search(request.headers.get("accept-encoding", ""))
        )
        response = HttpResponse(compressed if gzipped else content)
        for name, value in headers.items():
            response.headers[name] = value
        if compressed is not None:
            patch_vary_headers(response, ("Accept-Encoding",))
        if gzipped:
            response.headers["Content-Encoding"] = "gzip"
        _shared_headers(response, etag, modified)
        conditional = get_conditional_response(
            request, etag=etag, last_modified=int(modified), response=response
        )
        return conditional if conditional is not None else response

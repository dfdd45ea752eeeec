"""Error pages in the site's layout, in the language of the address, each with a way forward.

Django's own handlers answer a bare English "Not Found"; these render `templates/errors/`
inside `base.html`. The language comes from the path alone (`/en/…` is English, every other
address Indonesian, including `/s/<code>` and `/dokumen/` outside the language prefixes), not
from a cookie or the browser: the page must match the address the visitor followed.

The 500 page is rendered without the request: no context processor, session, user or Wagtail
site lookup runs, so it still shows when the database is down. Django answers 405 and 410
with an empty body and views may answer a plain 429; `ErrorPageMiddleware` gives those the
site page too, except on machine addresses (API, Open311, health checks, feeds, files), which
keep their own bodies.
"""

from __future__ import annotations

import logging
import math
import re
import sys
from collections.abc import Callable
from http.client import responses
from typing import Any

import redis
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.template import loader
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from cegah.core.context_processors import CHROME_CACHE_SECONDS, CHROME_KEY

logger = logging.getLogger(__name__)

# Statuses the middleware renders when a view answers them with an empty or plain-text body.
PLAIN_STATUSES = frozenset({405, 410, 429})
# Machine addresses keep their own bodies (JSON, XML, feeds, files).
MACHINE_PREFIXES = (
    "/api/", "/open311/", "/healthz", "/ping", "/static/", "/media/",
    "/altcha/", "/telegram/", "/i18n/",
)  # fmt: skip
# The last path segment of a feed or file: `rss/`, `kalender.ics`, `laporan.xlsx`.
MACHINE_TAIL = re.compile(r"(?:/(?:rss|atom|feed)/?|\.[a-z0-9]{2,5})$", re.IGNORECASE)
TITLES = {
    400: _("The request could not be read"),
    403: _("You do not have access to this page"),
    404: _("Page not found"),
    405: _("This address cannot be used this way"),
    410: _("This page has been removed"),
    429: _("Too many requests"),
    500: _("Something went wrong on our side"),
    503: _("The service is briefly unavailable"),
}
# Seconds a client is asked to wait when a shared part (database, Redis) did not answer.
OUTAGE_RETRY_SECONDS = 30
# SQLite raises OperationalError for a missing table or column too (PostgreSQL: ProgrammingError).
SCHEMA_ERRORS = ("no such table", "no such column")
CSRF_TITLE = _("Your form has expired")
# The last resort when even the 500 template cannot be rendered.
FALLBACK_500 = (
    '<!DOCTYPE html><html lang="id"><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    "<title>Kesalahan server · Cegah</title><h1>Maaf, terjadi kesalahan di server kami</h1>"
    '<p>Coba lagi beberapa saat lagi, atau kembali ke <a href="/">beranda</a>.</p>'
    '<p lang="en">Sorry, something went wrong on our server. <a href="/en/">Home</a></p>'
)
FALLBACK_503 = (
    '<!DOCTYPE html><html lang="id"><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    "<title>Layanan sebentar tidak tersedia · Cegah</title>"
    "<h1>Layanan sebentar tidak tersedia</h1>"
    "<p>Tidak ada yang tersimpan. Kirim lagi dalam 30 detik.</p>"
    '<p lang="en">The service is briefly unavailable. Nothing was saved: send again in 30 seconds.</p>'
)


def language_for_path(path: str) -> str:
    """The language an address is in: its prefix (`/en/`), else the default (Indonesian)."""
    return translation.get_language_from_path(path) or settings.LANGUAGE_CODE


def _home(code: str) -> str:
    with translation.override(code):
        return reverse("portal:home")


def _other_homes(language: str) -> list[dict[str, str]]:
    """The home page in each other language: an error page has nothing exact to switch to."""
    return [
        {"code": code, "name": get_language_info(code)["name_local"], "url": _home(code)}
        for code, _name in settings.LANGUAGES
        if code != language
    ]


def _first_url(*names: str) -> str | None:
    for name in names:
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return None


def hotline() -> str:
    """The operator's phone line for complaints, when the deployment has one."""
    return str(getattr(settings, "OPERATOR_HOTLINE", "") or "")


def _search_terms(path: str) -> str:
    """Words from a missing address to start the search with (`/berita/suap-dana-desa` →
    "suap dana desa"); codes, numbers and file names are left out."""
    words: list[str] = []
    for segment in path.strip("/").split("/")[-1:]:
        if not segment or segment == "en" or any(ch.isdigit() for ch in segment):
            continue
        words.extend(w for w in re.split(r"[-_.+]+", segment) if len(w) > 2)
    return " ".join(words)[:100]


def _not_found_hint(path: str) -> str | None:
    """Which kind of address was missed, for the 404 page's suggestion."""
    bare = path[3:] if path.startswith("/en/") else path
    if bare.startswith("/keluhan/"):
        return "complaint"
    if bare.startswith(("/kampanye/", "/s/")):
        return "campaign"
    if bare.startswith("/cek-fakta/"):
        return "factcheck"
    if bare.startswith("/gratifikasi/"):
        return "gratification"
    if bare.startswith("/pustaka/"):
        return "library"
    return None


def _context(request: HttpRequest, status: int, **extra: Any) -> dict[str, Any]:
    context: dict[str, Any] = {
        "status": status,
        "title": CSRF_TITLE if extra.get("csrf") else TITLES[status],
        "hotline": hotline(),
        "error_path": request.path,
    }
    context.update(extra)
    return context


def render_error(
    request: HttpRequest,
    status: int,
    *,
    minimal: bool = False,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> HttpResponse:
    """The error page for `status` in the address's language.

    `minimal` renders without the request (no context processors), for when the request or
    the database cannot be trusted."""
    language = language_for_path(request.path)
    with translation.override(language):
        context = _context(request, status, **extra)
        if status == 404:
            context["hint"] = _not_found_hint(request.path)
            # A code or a token says nothing a search could use.
            if context["hint"] not in {"complaint", "campaign"}:
                context["search_terms"] = _search_terms(request.path)
            context["campaigns_url"] = _first_url("core:workspace", "accounts:profile")
        if minimal:
            context.update(
                CEGAH_ENV=settings.CEGAH_ENV,
                SITE_URL=settings.SITE_URL,
                CHROME_KEY=CHROME_KEY,
                CHROME_CACHE_SECONDS=CHROME_CACHE_SECONDS,
                other_languages=_other_homes(language),
            )
            content = loader.render_to_string(f"errors/{status}.html", context)
        else:
            if status == 404:
                # The language switch and hreflang links go to each language's home page.
                request.cegah_alternates = {  # type: ignore[attr-defined]
                    code: _home(code) for code, _name in settings.LANGUAGES
                }
            content = loader.render_to_string(f"errors/{status}.html", context, request=request)
    response = HttpResponse(content, status=status)
    response["Content-Language"] = language
    if status in {429, 500, 503}:
        add_never_cache_headers(response)  # a passing state: no cache may keep it
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def machine_error(request: HttpRequest, status: int) -> HttpResponse:
    """An error for a machine address: the API's own JSON shape under `/api/` (an address
    none of its operations match), a line of plain text elsewhere."""
    if request.path.startswith("/api/"):
        from cegah.api.errors import error_body  # the API owns its error shape

        return JsonResponse(error_body(status), status=status)
    return HttpResponse(
        responses.get(status, "Error"), status=status, content_type="text/plain; charset=utf-8"
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """400: a request the server cannot read (a bad host, a malformed upload, …)."""
    if is_machine_path(request.path):
        return machine_error(request, 400)
    # A bad Host header makes anything that builds an absolute address raise again.
    return render_error(request, 400, minimal=isinstance(exception, DisallowedHost))


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """403: signed in, but this page is not for this person (or not signed in)."""
    if is_machine_path(request.path):
        return machine_error(request, 403)
    return render_error(request, 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404, with a suggestion that fits the kind of address that was missed."""
    if is_machine_path(request.path):
        return machine_error(request, 404)
    return render_error(request, 404)


def is_outage(exc: BaseException | None) -> bool:
    """Whether a failure is a shared part not answering (the database restarting, Redis
    stopped): the request was not carried out, and the same request a little later will be."""
    if isinstance(exc, OperationalError) and str(exc).startswith(SCHEMA_ERRORS):
        return False  # SQLite's word for a database never migrated: a fault, not an outage
    return isinstance(
        exc, (OperationalError, InterfaceError, redis.ConnectionError, redis.TimeoutError)
    )


def server_error(request: HttpRequest) -> HttpResponse:
    """500, rendered without the database or anything that may touch it; 503 with
    `Retry-After` when the database or Redis did not answer (nothing was saved: the request's
    transaction was rolled back, so sending it again is safe)."""
    if is_outage(sys.exc_info()[1]):
        return service_unavailable(request)
    try:
        if is_machine_path(request.path):
            return machine_error(request, 500)
        return render_error(request, 500, minimal=True)
    except Exception:
        # The page that says something broke must not break itself.
        logger.exception("The 500 page could not be rendered")
        return HttpResponse(FALLBACK_500, status=500)


def service_unavailable(request: HttpRequest) -> HttpResponse:
    """503 with `Retry-After`: a clear, retryable refusal while a shared part is down."""
    retry = {"Retry-After": str(OUTAGE_RETRY_SECONDS)}
    try:
        if is_machine_path(request.path):
            response = machine_error(request, 503)
        else:
            response = render_error(request, 503, minimal=True, headers=retry)
    except Exception:
        logger.exception("The 503 page could not be rendered")
        response = HttpResponse(FALLBACK_503, status=503)
    response["Retry-After"] = str(OUTAGE_RETRY_SECONDS)
    add_never_cache_headers(response)
    return response


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: most often a form left open too long, or cookies turned off."""
    return render_error(request, 403, csrf=True)


def retry_minutes(seconds: int) -> int:
    """Whole minutes to wait, at least one."""
    return max(1, math.ceil(seconds / 60))


def rate_limited(response: HttpResponse, retry_after: int) -> HttpResponse:
    """Mark a page that refused a request for its rate as 429, with `Retry-After`."""
    response.status_code = 429
    response["Retry-After"] = str(max(1, int(retry_after)))
    return response


def too_many_context(retry_after: int) -> dict[str, Any]:
    """What `errors/_retry.html` needs: the wait in minutes and the other channels."""
    return {"retry_minutes": retry_minutes(retry_after), "hotline": hotline()}


def is_machine_path(path: str) -> bool:
    """Addresses that answer machines, whose error bodies are theirs to choose."""
    bare = path[3:] if path.startswith("/en/") else path
    return bare.startswith(MACHINE_PREFIXES) or bool(MACHINE_TAIL.search(path))


def _is_plain(response: HttpResponseBase) -> bool:
    if response.streaming or not isinstance(response, HttpResponse):
        return False
    content_type = response.get("Content-Type", "")
    return not response.content.strip() or content_type.startswith("text/plain")


def _wants_html(request: HttpRequest) -> bool:
    if request.headers.get("HX-Request"):
        return False  # htmx swaps fragments; a whole page has no place there
    accept = request.headers.get("Accept", "")
    return not accept or "text/html" in accept or "*/*" in accept


class ErrorPageMiddleware:
    """Render the site's page for empty or plain-text 405, 410 and 429 answers from pages
    (`require_POST`, `HttpResponseGone`, …), keeping `Allow` and `Retry-After`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if (
            response.status_code == 405
            and request.path.startswith("/api/")
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            # ninja answers a wrong method with a line of HTML: give it the API's shape.
            body = machine_error(request, 405)
            body["Allow"] = response.get("Allow", "")
            return body
        if (
            response.status_code in PLAIN_STATUSES
            and _is_plain(response)
            and not is_machine_path(request.path)
            and _wants_html(request)
        ):
            kept = {name: response[name] for name in ("Allow", "Retry-After") if name in response}
            extra: dict[str, Any] = {}
            if response.status_code == 429:
                value = kept.get("Retry-After", "")
                seconds = int(value) if value.isdigit() else 60
                kept["Retry-After"] = str(seconds)
                extra = too_many_context(seconds)
            page = render_error(request, response.status_code, headers=kept, **extra)
            # Cookies set by the view (a session, the CSRF token) still go out.
            page.cookies = response.cookies
            return page
        return response

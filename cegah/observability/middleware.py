"""Times and counts every request, and gives it a request id; first in MIDDLEWARE.

The view label is the URL name the request resolved to (`complaints:detail`), never the path,
so the number of series stays fixed whatever people type. A page the anonymous page cache
answered before routing is named after the route its address leads to (resolved once per
address and language); static files served by WhiteNoise count as `static`, addresses that
match no route as `unmatched`.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponseBase
from django.urls import Resolver404, resolve
from django.utils.translation import get_language

from cegah.observability.logs import request_id_var, view_var
from cegah.observability.metrics import (
    HTTP_EXCEPTIONS,
    HTTP_LATENCY,
    HTTP_REQUESTS,
    method_label,
    status_class,
)

REQUEST_ID_HEADER = "X-Request-ID"
UNMATCHED = "unmatched"
STATIC = "static"
# What a proxy's id may look like; anything else (too long, spaces, newlines) is replaced,
# so a client cannot write into the logs through this header.
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:\-]{1,128}$")

# A view's ordinary way of saying "no such page" or "not for you", not a fault.
EXPECTED_EXCEPTIONS = (Http404, PermissionDenied)

request_logger = logging.getLogger("cegah.request")


def incoming_request_id(request: HttpRequest) -> str:
    """The proxy's X-Request-ID when it is a plausible id, else a new random one."""
    given = str(request.META.get("HTTP_X_REQUEST_ID", "")).strip()
    return given if _VALID_REQUEST_ID.match(given) else uuid.uuid4().hex


@lru_cache(maxsize=2048)
def _resolved_name(language: str, path_info: str) -> str:
    # The language is part of the key: addresses under i18n_patterns resolve in the active one.
    try:
        return resolve(path_info).view_name or UNMATCHED
    except Resolver404:
        return UNMATCHED


def view_name(request: HttpRequest, status: int | None = None) -> str:
    """The URL name the request resolved to. An answer given before routing (a page from the
    anonymous page cache) is named after the route its address leads to, static files are
    `static`, and anything else without a route `unmatched`."""
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return match.view_name or UNMATCHED
    if request.path_info.startswith(settings.STATIC_URL):
        return STATIC
    if status is not None and status < 400:
        return _resolved_name(get_language() or "", request.path_info)
    return UNMATCHED


class ObservabilityMiddleware:
    """Counts the request by view, method and status class, times it, counts a view's
    exception, sets the request id for log records and echoes it in the response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        started = time.perf_counter()
        request_id = incoming_request_id(request)
        request.request_id = request_id  # type: ignore[attr-defined]
        id_token = request_id_var.set(request_id)
        view_token = view_var.set(None)
        try:
            response = self.get_response(request)
            duration = time.perf_counter() - started
            view = view_name(request, response.status_code)
            HTTP_REQUESTS.labels(
                view, method_label(request.method), status_class(response.status_code)
            ).inc()
            HTTP_LATENCY.labels(view).observe(duration)
            response[REQUEST_ID_HEADER] = request_id
            if settings.LOG_REQUESTS:
                request_logger.info(
                    "%s %s %s %.1f ms",
                    method_label(request.method),
                    view,
                    response.status_code,
                    duration * 1000,
                    extra={
                        "view": view,
                        "method": method_label(request.method),
                        "status": response.status_code,
                        "duration_ms": round(duration * 1000, 1),
                    },
                )
            return response
        finally:
            view_var.reset(view_token)
            request_id_var.reset(id_token)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], args: Any, kwargs: Any
    ) -> None:
        # From here on, log records made while the view runs name it.
        view_var.set(view_name(request))

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        if isinstance(exception, EXPECTED_EXCEPTIONS):
            return
        HTTP_EXCEPTIONS.labels(view_name(request), type(exception).__name__).inc()

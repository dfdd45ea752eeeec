"""Views that exist only for these tests: one that raises, one that logs personal data."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

logger = logging.getLogger("cegah.observability.tests")


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("the view failed")


def receipt(request: HttpRequest) -> HttpResponse:
    logger.warning(
        "Receipt to %s (phone %s, NIK %s) bounced",
        "sri.rahayu@example.org",
        "+62 812-3456-7890",
        "3310255205880004",
    )
    return HttpResponse("ok")


urlpatterns = [
    path("boom", boom, name="boom"),
    path("receipt", receipt, name="receipt"),
    path("", include("cegah.observability.urls")),
]

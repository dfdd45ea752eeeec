"""The site's URLs plus one address per error status, for the error page tests."""

from __future__ import annotations

import redis
from django.conf.urls.i18n import i18n_patterns
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseGone, HttpResponseNotAllowed
from django.urls import path

from cegah.urls import handler400, handler403, handler404, handler500
from cegah.urls import urlpatterns as site_urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]

SECRET = "kesalahan-rahasia-di-jejak-tumpukan"


def fail(request: HttpRequest, status: int) -> HttpResponse:
    """Answer `status` the way the code base does: by raising, or with Django's bare answer."""
    if status == 400:
        raise SuspiciousOperation(SECRET)
    if status == 403:
        raise PermissionDenied(SECRET)
    if status == 404:
        raise Http404(SECRET)
    if status == 405:
        return HttpResponseNotAllowed(["POST"])
    if status == 410:
        return HttpResponseGone()
    if status == 429:
        return HttpResponse(status=429, headers={"Retry-After": "150"})
    if status == 503:
        raise redis.ConnectionError("Redis is restarting")
    raise RuntimeError(SECRET)


urlpatterns = [
    *i18n_patterns(path("uji-galat/<int:status>/", fail), prefix_default_language=False),
    path("api/v1/uji-galat/<int:status>/", fail),
    *site_urlpatterns,
]

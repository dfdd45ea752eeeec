"""Wagtail's editorial interface under `/cms/`, with the Content Security Policy it needs.

Wagtail 8's admin still writes small inline scripts next to some widgets (the date and
image choosers) and frames its own preview, so the site-wide policy (scripts only with the
page's nonce, no framing) would break editing. Only the admin's own views get this policy:
same origin for everything, inline scripts and styles allowed, framing by the same origin.
Public pages keep the strict one.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import URLPattern, URLResolver
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from wagtail.admin import urls as wagtailadmin_urls

ADMIN_CSP: dict[str, list[str]] = {
    "default-src": [CSP.SELF],
    # No nonce here: a browser ignores 'unsafe-inline' when a nonce is present.
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "frame-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
}


def _with_admin_csp(patterns: Iterable[URLPattern | URLResolver]) -> None:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            _with_admin_csp(pattern.url_patterns)
        elif not getattr(pattern.callback, "_cegah_admin_csp", False):
            pattern.callback = csp_override(ADMIN_CSP)(pattern.callback)
            pattern.callback._cegah_admin_csp = True  # type: ignore[attr-defined]


_with_admin_csp(wagtailadmin_urls.urlpatterns)
urlpatterns = wagtailadmin_urls.urlpatterns

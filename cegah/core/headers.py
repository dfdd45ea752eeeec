"""Response headers Django has no setting for: `Permissions-Policy`.

Django 6.1 sets CSP, HSTS, nosniff, Referrer-Policy and X-Frame-Options from settings but has
no Permissions-Policy setting, so this middleware adds the one in `settings.PERMISSIONS_POLICY`.
It is the outermost middleware, so it also reaches static files answered by WhiteNoise's
middleware, redirects, 304s and error pages.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase


def permissions_policy(policy: Mapping[str, Sequence[str]]) -> str:
    """The header value: `camera=(), fullscreen=(self)`; origins other than `self` quoted."""
    parts = []
    for feature, allowed in policy.items():
        origins = " ".join(o if o in ("self", "*") else f'"{o}"' for o in allowed)
        parts.append(f"{feature}=({origins})")
    return ", ".join(parts)


class PermissionsPolicyMiddleware:
    """Adds `Permissions-Policy` to every response that has none yet."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.value = permissions_policy(settings.PERMISSIONS_POLICY)

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if self.value:
            response.headers.setdefault("Permissions-Policy", self.value)
        return response

"""Staff must turn on two-factor authentication before they reach anything else."""

from __future__ import annotations

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from cegah.accounts.access import is_staff_member

_ALLOWED_PREFIXES = ("/static/", "/healthz", "/api/", "/media/")
_ALLOWED_URL_NAMES = (
    "account_logout",
    "account_reauthenticate",
    "mfa_reauthenticate",
    "mfa_activate_totp",
    "mfa_index",
    "set_language",
)


class RequireStaffMFAMiddleware:
    """When MFA_REQUIRED_FOR_STAFF is on, staff without TOTP are sent to set it up."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.MFA_REQUIRED_FOR_STAFF and self._must_enrol(request):
            messages.warning(
                request,
                _(
                    "Your role gives access to other people's data: turn on two-factor authentication first."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    def _must_enrol(self, request: HttpRequest) -> bool:
        path = request.path_info
        if path in ("/healthz", "/ping") or path.startswith(_ALLOWED_PREFIXES):
            return False  # decided before the session is read
        user = request.user
        if not user.is_authenticated or not is_staff_member(user):
            return False
        try:
            url_name = resolve(path).url_name
        except Resolver404:
            return False
        if url_name in _ALLOWED_URL_NAMES:
            return False
        return not is_mfa_enabled(user, [Authenticator.Type.TOTP])

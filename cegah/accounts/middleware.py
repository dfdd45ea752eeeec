"""Staff accounts: two-factor authentication before anything else, and shorter sessions.

`RequireStaffMFAMiddleware` sends anyone holding a staff role (`STAFF_ROLES`, or a superuser)
without TOTP to allauth's set-up page for every page, and refuses API calls that rely on the
session (a personal token is checked by the API itself). `StaffSessionMiddleware` ends staff
sessions after `STAFF_SESSION_IDLE_MINUTES` idle and `STAFF_SESSION_MAX_HOURS` in all.
`LoginThroughAllauthMiddleware` closes the Django admin's and Wagtail's own password forms,
which would skip allauth's lockout and two-factor step.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase, JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_htmx.http import HttpResponseClientRedirect

from cegah.accounts.access import is_staff_member

_ALLOWED_PREFIXES = ("/static/", "/healthz", "/media/", "/i18n/")
_ALLOWED_URL_NAMES = frozenset(
    {
        "account_logout",
        "account_reauthenticate",
        "account_confirm_email",
        "account_email_verification_sent",
        "mfa_reauthenticate",
        "mfa_activate_totp",
        "mfa_index",
        "set_language",
    }
)
# The session keys holding when a staff session began and when its idle expiry was last
# moved on (seconds since the epoch).
STAFF_SESSION_STARTED = "cegah_staff_session_started"
STAFF_SESSION_SEEN = "cegah_staff_session_seen"
# The idle expiry moves on at most this often, so a staff request does not write the session
# each time (the idle limit is then exact to within this many seconds).
STAFF_SESSION_REFRESH_SECONDS = 60


def stamp_staff_session(
    sender: object, request: HttpRequest, user: object, **kwargs: object
) -> None:
    """At sign-in (`user_logged_in`), before the session is saved anyway: when a staff session
    began, and its first idle expiry, so the next requests need not write the session."""
    if request is None or not hasattr(request, "session") or not is_staff_member(user):  # type: ignore[arg-type]
        return
    now = time.time()
    request.session[STAFF_SESSION_STARTED] = now
    request.session[STAFF_SESSION_SEEN] = now
    if settings.STAFF_SESSION_IDLE_MINUTES:
        request.session.set_expiry(settings.STAFF_SESSION_IDLE_MINUTES * 60)


def _is_api(path: str) -> bool:
    return path.startswith("/api/")


def _carries_credential(request: HttpRequest) -> bool:
    """An API call that names its own credential (a token or a system key): the API checks it,
    and the session plays no part."""
    return bool(request.headers.get("Authorization") or request.headers.get("X-API-Key"))


class RequireStaffMFAMiddleware:
    """When MFA_REQUIRED_FOR_STAFF is on, staff without TOTP are sent to set it up."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if settings.MFA_REQUIRED_FOR_STAFF and self._must_enrol(request):
            return self._refuse(request)
        return self.get_response(request)

    def _refuse(self, request: HttpRequest) -> HttpResponseBase:
        setup = reverse("mfa_activate_totp")
        if _is_api(request.path_info):
            from cegah.api.errors import error_body  # the API owns its error shape

            body = error_body(
                403,
                _(
                    "Your role gives access to other people's data: turn on two-factor "
                    "authentication at %(url)s before using the API with this session."
                )
                % {"url": settings.SITE_URL + setup},
            )
            body["code"] = "mfa_required"
            return JsonResponse(body, status=403)
        messages.warning(
            request,
            _(
                "Your role gives access to other people's data: turn on two-factor authentication first."
            ),
        )
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(setup)
        return redirect(setup)

    def _must_enrol(self, request: HttpRequest) -> bool:
        path = request.path_info
        if path in ("/healthz", "/ping") or path.startswith(_ALLOWED_PREFIXES):
            return False  # decided before the session is read
        if _is_api(path) and _carries_credential(request):
            return False
        user = request.user
        if not user.is_authenticated or not is_staff_member(user):
            return False
        if not _is_api(path):
            try:
                url_name = resolve(path).url_name
            except Resolver404:
                return False
            if url_name in _ALLOWED_URL_NAMES:
                return False
        return not is_mfa_enabled(user, [Authenticator.Type.TOTP])


class StaffSessionMiddleware:
    """Staff sessions end after STAFF_SESSION_IDLE_MINUTES without a request and after
    STAFF_SESSION_MAX_HOURS in all; other people keep Django's session age. Staff pages are
    marked `Cache-Control: private, no-store` unless the view chose its own caching."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path_info.startswith(_ALLOWED_PREFIXES)
            and is_staff_member(user)
        ):
            ended = self._apply(request)
            if ended is not None:
                return ended
            response = self.get_response(request)
            if not response.has_header("Cache-Control"):
                # Pages that show other people's data are kept by no browser or proxy.
                patch_cache_control(response, private=True, no_store=True)
            return response
        return self.get_response(request)

    def _apply(self, request: HttpRequest) -> HttpResponseBase | None:
        now = time.time()
        started = request.session.get(STAFF_SESSION_STARTED)
        max_hours = settings.STAFF_SESSION_MAX_HOURS
        if started is None:
            request.session[STAFF_SESSION_STARTED] = now
        elif max_hours and now - float(started) > max_hours * 3600:
            logout(request)
            messages.info(
                request,
                ngettext(
                    "For your security, staff sessions end after %(hours)d hour. Please sign in again.",
                    "For your security, staff sessions end after %(hours)d hours. Please sign in again.",
                    max_hours,
                )
                % {"hours": max_hours},
            )
            if _is_api(request.path_info):
                from cegah.api.errors import error_body

                return JsonResponse(error_body(401), status=401)
            login = reverse("account_login")
            return redirect(f"{login}?{urlencode({'next': request.get_full_path()})}")
        idle = settings.STAFF_SESSION_IDLE_MINUTES
        seen = request.session.get(STAFF_SESSION_SEEN)
        if idle and (seen is None or now - float(seen) >= STAFF_SESSION_REFRESH_SECONDS):
            # The expiry slides (only idleness ends the session), moved on at most once a
            # minute so that staff requests do not each write the session.
            request.session[STAFF_SESSION_SEEN] = now
            request.session.set_expiry(idle * 60)
        return None


class LoginThroughAllauthMiddleware:
    """The Django admin's and Wagtail's own sign-in forms lead to allauth's, which counts
    failures, locks accounts and asks for the second factor."""

    _OTHER_LOGINS = frozenset({"admin:login", "wagtailadmin_login"})

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        path = request.path_info
        if path.rstrip("/").endswith("/login"):
            try:
                match = resolve(path)
            except Resolver404:
                match = None
            if match is not None and match.view_name in self._OTHER_LOGINS:
                if request.user.is_authenticated:
                    # Signed in but without access to the admin or the CMS: they send such a
                    # person to their sign-in form, and allauth's would send them back.
                    raise PermissionDenied
                target = reverse("account_login")
                next_url = request.GET.get("next")
                if next_url:
                    target = f"{target}?{urlencode({'next': next_url})}"
                return redirect(target)
        return self.get_response(request)

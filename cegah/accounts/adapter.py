"""allauth's account adapter: the lockout message, the failed-sign-in log and the client address.

The counting itself is allauth's (`ACCOUNT_RATE_LIMITS`, in the Django cache: Redis across
nodes). This adapter only words the refusal so a person knows when to try again and how to
reset the password, logs each failure without the password, and makes out the client's
address the way the rest of the site does (`cegah.lib.clientip`, `TRUSTED_PROXY_COUNT`).
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from datetime import UTC, datetime
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal import ratelimit as allauth_ratelimit
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import ngettext

from cegah.lib import encryption
from cegah.lib.clientip import client_ip

logger = logging.getLogger("cegah.accounts.security")

LOCKED = "too_many_login_attempts"


def login_fingerprint(login: str) -> str:
    """A short, stable stand-in for the address typed, so logs can group attempts without
    holding the address itself."""
    return hashlib.sha256(login.strip().lower().encode()).hexdigest()[:12]


def _minutes(seconds: float) -> int:
    return max(1, math.ceil(seconds / 60))


def lock_ends_at(request: HttpRequest, key: str, per: str) -> float | None:
    """When the `login_failed` limit of kind `per` (`key` or `ip`) that refuses `key` lets
    an attempt through again (a UNIX time), or None when that limit is not the one refusing.

    Reads allauth's own counter for the limit (a list of attempt times, newest first)."""
    now = time.time()
    for rate in allauth_ratelimit.get_rates(app="allauth.account", action="login_failed"):
        if rate.per != per:
            continue
        cache_key = allauth_ratelimit.get_cache_key(
            request, app="allauth.account", action="login_failed", rate=rate, key=key
        )
        history = sorted(t for t in cache.get(cache_key, []) if t > now - rate.duration)
        if len(history) >= rate.amount:
            return history[len(history) - rate.amount] + rate.duration
    return None


class AccountAdapter(DefaultAccountAdapter):
    """Cegah's allauth adapter (ACCOUNT_ADAPTER)."""

    def get_client_ip(self, request: HttpRequest) -> str:
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("The client's address could not be made out.")
        return ip

    def validation_error(self, code: str, *args: Any) -> ValidationError:
        if code == LOCKED:
            # Two-factor codes and re-entered passwords: the longest wait is the window.
            return ValidationError(
                self._wait_message(settings.LOGIN_LOCKOUT_MINUTES * 60), code=code
            )
        return super().validation_error(code, *args)

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError as exc:
            if exc.code != LOCKED:
                raise
            login = str(credentials.get("email", credentials.get("username", "")))
            key = self._get_login_attempts_cache_key(request, **credentials)
            ends = lock_ends_at(request, key, "key")
            logger.warning(
                "sign-in refused: %s",
                "account locked" if ends else "too many failures from this address",
                extra={
                    "event": "login_locked" if ends else "login_throttled",
                    "login_hash": login_fingerprint(login),
                    "client_ip": client_ip(request),
                },
            )
            if ends is None:
                ends = lock_ends_at(request, key, "ip") or time.time() + 60
                raise ValidationError(self._wait_message(ends - time.time()), code=LOCKED) from exc
            raise ValidationError(self._locked_message(ends), code=LOCKED) from exc

    def login(self, request: HttpRequest, user: AbstractBaseUser) -> None:
        super().login(request, user)
        logger.info(
            "sign-in succeeded",
            extra={"event": "login_succeeded", "user_id": user.pk, "client_ip": client_ip(request)},
        )

    def logout(self, request: HttpRequest) -> None:
        user_id = request.user.pk if request.user.is_authenticated else None
        super().logout(request)
        logger.info("signed out", extra={"event": "logout", "user_id": user_id})

    def send_notification_mail(
        self,
        template_prefix: str,
        user: AbstractBaseUser,
        context: dict[str, Any] | None = None,
        email: str | None = None,
    ) -> None:
        """allauth's security notices (password changed, two-factor turned on or off, …) go to
        the account's own address too when allauth has no address row for it (accounts made
        by an administrator or an import)."""
        from allauth.account.models import EmailAddress

        if not email and not EmailAddress.objects.get_primary_email(user):
            email = str(getattr(user, "email", "") or "") or None
        super().send_notification_mail(template_prefix, user, context, email)

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        """Log the failure: which address was typed (as a fingerprint) and from where, never
        the password."""
        login = str(credentials.get("email", credentials.get("username", "")))
        logger.info(
            "sign-in failed",
            extra={
                "event": "login_failed",
                "login_hash": login_fingerprint(login),
                "client_ip": client_ip(request),
            },
        )

    def _locked_message(self, ends: float) -> str:
        minutes = _minutes(ends - time.time())
        local = timezone.localtime(datetime.fromtimestamp(ends, tz=UTC))
        return ngettext(
            "This account is locked for a while after too many failed sign-in attempts. "
            "Try again at %(time)s %(zone)s (in about %(minutes)d minute). Forgot your "
            "password? Reset it at %(reset_url)s; a reset also lifts the lock.",
            "This account is locked for a while after too many failed sign-in attempts. "
            "Try again at %(time)s %(zone)s (in about %(minutes)d minutes). Forgot your "
            "password? Reset it at %(reset_url)s; a reset also lifts the lock.",
            minutes,
        ) % {
            "time": time_format(local),
            "zone": local.tzname(),
            "minutes": minutes,
            "reset_url": self._reset_url(),
        }

    def _wait_message(self, seconds: float) -> str:
        minutes = _minutes(seconds)
        return ngettext(
            "Too many failed attempts. Wait up to %(minutes)d minute, then try again. Forgot "
            "your password? Reset it at %(reset_url)s.",
            "Too many failed attempts. Wait up to %(minutes)d minutes, then try again. Forgot "
            "your password? Reset it at %(reset_url)s.",
            minutes,
        ) % {"minutes": minutes, "reset_url": self._reset_url()}

    def _reset_url(self) -> str:
        return settings.SITE_URL + reverse("account_reset_password")


class MFAAdapter(DefaultMFAAdapter):
    """allauth's MFA adapter (MFA_ADAPTER): TOTP secrets and recovery-code seeds are stored
    encrypted with the site's field keys (`cegah.lib.encryption`, decision 0022) instead of in
    the clear. Values written before this (plain text) are still read."""

    def encrypt(self, text: str) -> str:
        return encryption.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return encryption.decrypt(encrypted_text, "a two-factor secret")

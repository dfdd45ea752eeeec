"""Sign-in throttling and lockout (allauth's limits in the Django cache), through HTTP."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import redis
import time_machine
from django.conf import settings
from django.core.cache import caches
from django.test import Client, override_settings
from django.utils import timezone

from cegah.accounts.adapter import login_fingerprint
from cegah.test import PASSWORD, Personas, make_user

LOGIN = "/akun/login/"
WRONG = "not the password"


def _sign_in(client: Client, email: str, password: str, address: str = "203.0.113.7") -> str:
    """Send the sign-in form; the page's text (a redirect is an empty string)."""
    response = client.post(LOGIN, {"login": email, "password": password}, REMOTE_ADDR=address)
    assert response.status_code in (200, 302, 429)
    return response.content.decode() if response.status_code != 302 else ""


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def _fail(client: Client, email: str, times: int, address: str = "203.0.113.7") -> None:
    for _ in range(times):
        _sign_in(client, email, WRONG, address)
    assert not _signed_in(client)


def test_the_lockout_counts_are_configured_from_the_settings() -> None:
    limits = settings.ACCOUNT_RATE_LIMITS["login_failed"]
    assert f"{settings.LOGIN_LOCKOUT_ATTEMPTS}/{settings.LOGIN_LOCKOUT_MINUTES}m/key" in limits
    assert settings.ACCOUNT_ADAPTER == "cegah.accounts.adapter.AccountAdapter"


def test_the_attempt_after_n_failures_is_refused_even_with_the_right_password(
    client: Client, personas: Personas
) -> None:
    _fail(client, "warga@example.org", settings.LOGIN_LOCKOUT_ATTEMPTS)
    page = _sign_in(client, "warga@example.org", PASSWORD)
    assert not _signed_in(client)
    assert "Akun ini dikunci sementara" in page
    assert "/akun/password/reset/" in page
    assert "WIB" in page  # when to try again, in the site's time zone


def test_fewer_failures_than_the_limit_still_let_the_right_password_in(
    client: Client, personas: Personas
) -> None:
    _fail(client, "warga@example.org", settings.LOGIN_LOCKOUT_ATTEMPTS - 1)
    _sign_in(client, "warga@example.org", PASSWORD)
    assert _signed_in(client)


def test_the_lock_holds_for_the_account_from_another_address(
    client: Client, personas: Personas
) -> None:
    _fail(client, "warga@example.org", settings.LOGIN_LOCKOUT_ATTEMPTS, "203.0.113.7")
    page = _sign_in(client, "warga@example.org", PASSWORD, "198.51.100.20")
    assert not _signed_in(client)
    assert "Akun ini dikunci sementara" in page


def test_another_account_from_the_same_address_can_still_sign_in(
    client: Client, personas: Personas
) -> None:
    _fail(client, "warga@example.org", settings.LOGIN_LOCKOUT_ATTEMPTS)
    _sign_in(client, "asn@example.org", PASSWORD)
    assert _signed_in(client)


def test_the_lock_lifts_when_the_window_has_passed(client: Client, personas: Personas) -> None:
    with time_machine.travel(timezone.now(), tick=False) as clock:
        _fail(client, "warga@example.org", settings.LOGIN_LOCKOUT_ATTEMPTS)
        clock.shift(timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES, seconds=1))
        _sign_in(client, "warga@example.org", PASSWORD)
    assert _signed_in(client)


def test_the_lockout_message_is_in_english_on_english_pages(
    client: Client, personas: Personas
) -> None:
    for _ in range(settings.LOGIN_LOCKOUT_ATTEMPTS):
        client.post("/en" + LOGIN, {"login": "warga@example.org", "password": WRONG})
    response = client.post("/en" + LOGIN, {"login": "warga@example.org", "password": PASSWORD})
    page = response.content.decode()
    assert "This account is locked for a while" in page
    assert "/en/akun/password/reset/" in page


def test_failed_attempts_are_logged_without_the_password(
    client: Client, personas: Personas, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="cegah.accounts.security"):
        _fail(client, "warga@example.org", settings.LOGIN_LOCKOUT_ATTEMPTS)
        _sign_in(client, "warga@example.org", PASSWORD)
    records = [r for r in caplog.records if r.name == "cegah.accounts.security"]
    events = [getattr(r, "event", "") for r in records]
    assert events.count("login_failed") == settings.LOGIN_LOCKOUT_ATTEMPTS
    assert events[-1] == "login_locked"
    for record in records:
        text = repr(record.__dict__)
        assert WRONG not in text and PASSWORD not in text
        assert "warga@example.org" not in text
        assert record.__dict__["login_hash"] == login_fingerprint("warga@example.org")
        assert record.__dict__["client_ip"] == "203.0.113.7"


def test_failures_across_many_accounts_from_one_address_are_throttled(
    client: Client, db: None
) -> None:
    make_user("fresh@example.org")
    per_address = int(settings.ACCOUNT_RATE_LIMITS["login_failed"].split("/")[0])
    for n in range(per_address):
        _sign_in(client, f"guess{n}@example.org", WRONG)
    page = _sign_in(client, "fresh@example.org", PASSWORD)
    assert not _signed_in(client)
    assert "Terlalu banyak percobaan yang gagal" in page
    # Another address is not held back by this one.
    _sign_in(client, "fresh@example.org", PASSWORD, "198.51.100.20")
    assert _signed_in(client)


def test_a_flood_of_sign_in_forms_from_one_address_is_answered_429(
    client: Client, db: None
) -> None:
    per_address = int(settings.ACCOUNT_RATE_LIMITS["login"].split("/")[0])
    for n in range(per_address):
        response = client.post(LOGIN, {"login": f"x{n}@example.org"}, REMOTE_ADDR="203.0.113.9")
        assert response.status_code == 200
    response = client.post(LOGIN, {"login": "x@example.org"}, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert "Terlalu banyak permintaan" in response.content.decode()
    other = client.post(LOGIN, {"login": "x@example.org"}, REMOTE_ADDR="198.51.100.20")
    assert other.status_code == 200


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_the_proxy_each_forwarded_client_has_its_own_count(client: Client, db: None) -> None:
    make_user("fresh@example.org")
    per_address = int(settings.ACCOUNT_RATE_LIMITS["login_failed"].split("/")[0])
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    for n in range(per_address):
        client.post(
            LOGIN,
            {"login": f"guess{n}@example.org", "password": WRONG},
            HTTP_X_FORWARDED_FOR="203.0.113.50",
            **proxy,
        )
    client.post(
        LOGIN,
        {"login": "fresh@example.org", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.60",
        **proxy,
    )
    assert _signed_in(client)


REDIS_URL = "redis://127.0.0.1:6379/6"


@pytest.fixture
def shared_redis(settings: Any) -> Iterator[redis.Redis]:
    """The cache on Redis (database 6), as with REDIS_URL set: every web node shares it."""
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    yield client
    client.flushdb()


def test_with_redis_the_lock_is_kept_where_every_node_sees_it(
    shared_redis: redis.Redis, personas: Personas
) -> None:
    node_a, node_b = Client(), Client()
    _fail(node_a, "warga@example.org", settings.LOGIN_LOCKOUT_ATTEMPTS)
    assert any(
        b"allauth:rl:allauth.account:login_failed" in key
        for key in shared_redis.scan_iter("*allauth*")
    )
    caches.close_all()  # nothing of the count stays in this process
    page = _sign_in(node_b, "warga@example.org", PASSWORD, "198.51.100.20")
    assert not _signed_in(node_b)
    assert "Akun ini dikunci sementara" in page

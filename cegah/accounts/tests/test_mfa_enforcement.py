"""Staff must set up TOTP before they work (MFA_REQUIRED_FOR_STAFF), through the HTTP layer."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from cegah.accounts.models import STAFF_ROLES, Role
from cegah.api.actions import create_api_token
from cegah.test import PASSWORD, Personas, make_user

SETUP = "/akun/2fa/totp/activate/"
AUTHENTICATE = "/akun/2fa/authenticate/"
WORKSPACE = "/ruang-kerja/"


def totp_code(secret: str) -> str:
    """The code an authenticator app shows now, computed with allauth's own TOTP helpers."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


def sign_in(client: Client, email: str) -> str:
    response = client.post("/akun/login/", {"login": email, "password": PASSWORD})
    assert response.status_code == 302
    return str(response["Location"])


def set_up_totp(client: Client) -> str:
    """Open the set-up page (re-entering the password first, as allauth asks), type the code
    for the secret it shows; return the secret."""
    response = client.get(SETUP)
    if response.status_code == 302:
        assert response["Location"].startswith("/akun/reauthenticate/")
        again = client.post(response["Location"], {"password": PASSWORD})
        assert again["Location"] == SETUP
        response = client.get(SETUP)
    assert response.status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    response = client.post(SETUP, {"code": totp_code(secret)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return str(secret)


@override_settings(MFA_REQUIRED_FOR_STAFF=True)
@pytest.mark.parametrize("role", sorted(STAFF_ROLES))
def test_every_staff_role_without_totp_is_sent_to_set_it_up(
    client: Client, personas: Personas, role: Role
) -> None:
    user = make_user(f"{role}@example.org", (personas.agency_a, role))
    client.force_login(user)
    response = client.get(WORKSPACE)
    assert response.status_code == 302
    assert response["Location"] == SETUP


@override_settings(MFA_REQUIRED_FOR_STAFF=True)
def test_staff_pages_the_cms_and_the_admin_all_lead_to_the_set_up(
    client: Client, personas: Personas
) -> None:
    client.force_login(personas.admin_a)
    for url in (
        WORKSPACE,
        reverse("accounts:profile"),
        reverse("complaints:agency_inbox"),
        "/cms/",
        "/admin/",
        "/",
        "/en/ruang-kerja/",
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].endswith(SETUP), url
    setup = client.get(SETUP, follow=True)  # after re-entering the password
    assert "Peran Anda memberi akses ke data orang lain" in setup.content.decode()


@override_settings(MFA_REQUIRED_FOR_STAFF=True)
def test_an_htmx_request_is_redirected_by_htmx(client: Client, personas: Personas) -> None:
    client.force_login(personas.admin_a)
    response = client.get(WORKSPACE, HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == SETUP


@override_settings(MFA_REQUIRED_FOR_STAFF=True)
def test_api_calls_on_the_session_are_refused_until_totp_is_set_up(
    client: Client, personas: Personas
) -> None:
    client.force_login(personas.admin_a)
    response = client.get("/api/v1/regions")
    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "mfa_required"
    assert SETUP in body["detail"]


@override_settings(MFA_REQUIRED_FOR_STAFF=True)
def test_a_personal_token_is_checked_by_the_api_itself(client: Client, personas: Personas) -> None:
    _token, secret = create_api_token(actor=personas.admin_a, name="script")
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200
    assert response.json()["email"] == "admin.a@example.org"


@override_settings(MFA_REQUIRED_FOR_STAFF=True)
def test_health_checks_and_sign_out_stay_open(client: Client, personas: Personas) -> None:
    client.force_login(personas.admin_a)
    assert client.get("/ping").status_code == 200
    response = client.post("/akun/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


@override_settings(MFA_REQUIRED_FOR_STAFF=True)
def test_staff_set_up_totp_then_work_and_later_sign_ins_ask_for_the_code(
    client: Client, personas: Personas
) -> None:
    assert sign_in(client, "admin.a@example.org") == WORKSPACE
    assert client.get(WORKSPACE)["Location"] == SETUP
    with time_machine.travel(timezone.now(), tick=False) as clock:
        secret = set_up_totp(client)
        stored = Authenticator.objects.get(user=personas.admin_a, type=Authenticator.Type.TOTP)
        assert stored.data["secret"] != secret  # kept encrypted (cegah.lib.encryption)
        assert secret not in str(stored.data)
        assert client.get(WORKSPACE).status_code == 200
        assert client.get("/api/v1/regions").status_code == 200

        client.post("/akun/logout/")
        assert sign_in(client, "admin.a@example.org") == AUTHENTICATE
        assert client.get(WORKSPACE).status_code == 302  # not signed in until the code
        wrong = client.post(
            AUTHENTICATE, {"code": "000000" if totp_code(secret) != "000000" else "111111"}
        )
        assert wrong.status_code == 200
        clock.shift(timedelta(seconds=mfa_settings.TOTP_PERIOD))  # a fresh code
        response = client.post(AUTHENTICATE, {"code": totp_code(secret)})
        assert response.status_code == 302
        assert response["Location"] == WORKSPACE
        assert client.get(WORKSPACE).status_code == 200


@override_settings(MFA_REQUIRED_FOR_STAFF=True)
def test_a_recovery_code_works_once(client: Client, personas: Personas) -> None:
    sign_in(client, "admin.a@example.org")
    set_up_totp(client)
    recovery = Authenticator.objects.get(
        user=personas.admin_a, type=Authenticator.Type.RECOVERY_CODES
    )
    first, second = RecoveryCodes(recovery).get_unused_codes()[:2]
    for code, accepted in ((first, True), (first, False), (second, True)):
        client.post("/akun/logout/")
        assert sign_in(client, "admin.a@example.org") == AUTHENTICATE
        response = client.post(AUTHENTICATE, {"code": code})
        if accepted:
            assert response.status_code == 302
            assert client.get(WORKSPACE).status_code == 200
        else:
            assert response.status_code == 200
            assert "_auth_user_id" not in client.session


@override_settings(MFA_REQUIRED_FOR_STAFF=True)
def test_two_factor_codes_are_limited_like_passwords(client: Client, personas: Personas) -> None:
    sign_in(client, "admin.a@example.org")
    with time_machine.travel(timezone.now(), tick=False) as clock:
        secret = set_up_totp(client)
        client.post("/akun/logout/")
        clock.shift(timedelta(seconds=mfa_settings.TOTP_PERIOD))
        sign_in(client, "admin.a@example.org")
        right = totp_code(secret)
        wrong = str((int(right) + 1) % 10**mfa_settings.TOTP_DIGITS).zfill(len(right))
        for _ in range(settings.LOGIN_LOCKOUT_ATTEMPTS):
            assert client.post(AUTHENTICATE, {"code": wrong}).status_code == 200
        refused = client.post(AUTHENTICATE, {"code": right})
    assert refused.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Terlalu banyak percobaan yang gagal" in refused.content.decode()


@override_settings(MFA_REQUIRED_FOR_STAFF=True)
def test_civil_servants_and_citizens_are_not_asked_for_totp(
    client: Client, personas: Personas
) -> None:
    for email in ("asn@example.org", "warga@example.org"):
        assert sign_in(client, email) == WORKSPACE
        assert client.get(WORKSPACE).status_code == 200
        assert client.get("/api/v1/regions").status_code == 200
        client.post("/akun/logout/")


def _settings_in(env: dict[str, str], *names: str) -> list[str]:
    """The given settings as the named profile computes them, in a fresh interpreter."""
    code = (
        "import django, sys; django.setup(); from django.conf import settings as s; "
        f"print('|'.join(str(getattr(s, n)) for n in {names!r}))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("CEGAH_", "MFA_"))}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "DJANGO_SETTINGS_MODULE": "cegah.settings", **env},
        cwd=Path(settings.BASE_DIR),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout.strip().splitlines()[-1].split("|")


PRODUCTION_ENV = {
    "CEGAH_ENV": "production",
    "SECRET_KEY": "a-production-secret-key-for-the-settings-test-0123456789",
    "ALLOWED_HOSTS": "cegah.example",
    "FIELD_ENCRYPTION_KEYS": "hPYV1IugwNyfW6ZgRhqY8dIfSisuwbHbO1EYWf57Kxc=",
    "FIELD_HASH_KEY": "a-field-hash-key-of-at-least-32-characters",
}


def test_the_production_profile_requires_mfa_for_staff_and_hardens_cookies() -> None:
    values = _settings_in(
        PRODUCTION_ENV,
        "MFA_REQUIRED_FOR_STAFF",
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_NAME",
        "CSRF_COOKIE_NAME",
        "CSRF_COOKIE_HTTPONLY",
        "STAFF_SESSION_IDLE_MINUTES",
    )
    assert values == ["True", "True", "__Host-sessionid", "__Host-csrftoken", "True", "30"]


def test_development_does_not_require_mfa_by_default() -> None:
    assert _settings_in({"CEGAH_ENV": "development"}, "MFA_REQUIRED_FOR_STAFF") == ["False"]


def test_a_totp_secret_stored_in_the_clear_before_encryption_still_works(
    client: Client, personas: Personas
) -> None:
    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    Authenticator.objects.create(
        user=personas.admin_a, type=Authenticator.Type.TOTP, data={"secret": secret}
    )
    assert sign_in(client, "admin.a@example.org") == AUTHENTICATE
    response = client.post(AUTHENTICATE, {"code": totp_code(secret)})
    assert response["Location"] == WORKSPACE

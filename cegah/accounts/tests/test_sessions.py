"""Session hardening: staff idle and absolute timeouts, password changes and signing out
everywhere, and one sign-in form for everyone."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import time_machine
from django.conf import settings
from django.test import Client, override_settings
from django.utils import timezone

from cegah.test import PASSWORD, Personas

WORKSPACE = "/ruang-kerja/"
# The production defaults (the test profile turns both off).
staff_timeouts = override_settings(STAFF_SESSION_IDLE_MINUTES=30, STAFF_SESSION_MAX_HOURS=12)


def sign_in(client: Client, email: str, password: str = PASSWORD) -> None:
    response = client.post("/akun/login/", {"login": email, "password": password})
    assert response.status_code == 302, response.content.decode()[:2000]


def is_signed_in(client: Client) -> bool:
    return client.get(WORKSPACE).status_code == 200


@staff_timeouts
def test_a_staff_session_ends_after_the_idle_time(client: Client, personas: Personas) -> None:
    with time_machine.travel(timezone.now(), tick=False) as clock:
        sign_in(client, "admin.a@example.org")
        assert is_signed_in(client)
        clock.shift(timedelta(minutes=settings.STAFF_SESSION_IDLE_MINUTES - 1))
        assert is_signed_in(client)  # each request starts the idle time again
        clock.shift(timedelta(minutes=settings.STAFF_SESSION_IDLE_MINUTES + 1))
        response = client.get(WORKSPACE)
    assert response.status_code == 302
    assert response["Location"].startswith("/akun/login/")


@staff_timeouts
def test_a_citizen_session_outlasts_the_staff_idle_time(client: Client, personas: Personas) -> None:
    with time_machine.travel(timezone.now(), tick=False) as clock:
        sign_in(client, "warga@example.org")
        clock.shift(timedelta(minutes=settings.STAFF_SESSION_IDLE_MINUTES + 1))
        assert is_signed_in(client)


@staff_timeouts
def test_a_staff_session_ends_after_the_longest_time_even_when_in_use(
    client: Client, personas: Personas
) -> None:
    step = timedelta(minutes=settings.STAFF_SESSION_IDLE_MINUTES - 1)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        sign_in(client, "admin.a@example.org")
        assert is_signed_in(client)
        elapsed = timedelta(0)
        while elapsed < timedelta(hours=settings.STAFF_SESSION_MAX_HOURS) - step:
            clock.shift(step)
            elapsed += step
            assert is_signed_in(client)
        clock.shift(step)
        response = client.get(WORKSPACE, follow=True)
    assert response.redirect_chain[0][0].startswith("/akun/login/?next=")
    assert "sesi petugas berakhir setelah 12 jam" in response.content.decode()


def test_changing_the_password_signs_out_the_other_sessions(personas: Personas) -> None:
    laptop, phone = Client(), Client()
    sign_in(laptop, "warga@example.org")
    sign_in(phone, "warga@example.org")
    new_password = "another horse battery staple 42"
    response = laptop.post(
        "/akun/password/change/",
        {"oldpassword": PASSWORD, "password1": new_password, "password2": new_password},
    )
    assert response.status_code == 302
    assert is_signed_in(laptop)
    assert not is_signed_in(phone)


def test_signing_out_everywhere_ends_every_other_session(personas: Personas) -> None:
    laptop, phone = Client(), Client()
    sign_in(laptop, "warga@example.org")
    sign_in(phone, "warga@example.org")
    page = laptop.get("/akun/sessions/")
    assert page.status_code == 200
    response = laptop.post("/akun/sessions/")
    assert response.status_code == 302
    assert is_signed_in(laptop)
    assert not is_signed_in(phone)


def test_the_admin_and_cms_sign_in_forms_lead_to_the_one_with_lockout_and_mfa(
    client: Client, db: None
) -> None:
    for url, next_url in (("/admin/login/?next=/admin/", "/admin/"), ("/cms/login/", None)):
        response = client.get(url)
        assert response.status_code == 302, url
        expected = "/akun/login/" + (f"?next={next_url.replace('/', '%2F')}" if next_url else "")
        assert response["Location"] == expected
        assert client.post(url, {"username": "x", "password": "y"}).status_code == 302


def test_a_signed_in_person_without_access_to_the_cms_gets_403_not_a_redirect_loop(
    client: Client, personas: Personas
) -> None:
    client.force_login(personas.citizen)
    for url in ("/cms/", "/admin/"):
        response = client.get(url, follow=True)
        assert len(response.redirect_chain) <= 2, response.redirect_chain
        assert response.status_code == 403, url
        assert "Anda tidak memiliki akses ke halaman ini" in response.content.decode()


def test_a_password_shorter_than_twelve_characters_is_refused_at_sign_up(
    client: Client, db: None
) -> None:
    short = client.post(
        "/akun/signup/",
        {"email": "new@example.org", "password1": "Kx9#mw2!qz", "password2": "Kx9#mw2!qz"},
    )
    assert short.status_code == 200
    assert "setidaknya 12 karakter" in short.content.decode()
    long_enough = "kopi tubruk pagi hari"
    response = client.post(
        "/akun/signup/",
        {"email": "new@example.org", "password1": long_enough, "password2": long_enough},
    )
    assert response.status_code == 302


def test_staff_pages_are_kept_by_no_cache(client: Client, personas: Personas) -> None:
    client.force_login(personas.admin_a)
    response = client.get(WORKSPACE)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_a_password_change_is_announced_by_email(
    client: Client, personas: Personas, mailoutbox: list[Any]
) -> None:
    sign_in(client, "warga@example.org")
    new_password = "another horse battery staple 42"
    client.post(
        "/akun/password/change/",
        {"oldpassword": PASSWORD, "password1": new_password, "password2": new_password},
    )
    (notice,) = mailoutbox
    assert notice.to == ["warga@example.org"]
    assert "Kata Sandi Diubah" in notice.subject

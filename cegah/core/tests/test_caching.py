from __future__ import annotations

from django.core.cache import cache
from django.test import Client

from cegah.test import Personas


def test_anonymous_visitors_share_one_rendered_home_page_per_language(
    client: Client, db: None
) -> None:
    first = client.get("/").content
    assert cache.get("page:id:/") is not None
    assert client.get("/").content == first
    english = client.get("/en/").content
    assert english != first
    assert b"Prevent corruption together" in english


def test_signed_in_people_get_their_own_page(client: Client, personas: Personas) -> None:
    client.get("/")
    client.force_login(personas.citizen)
    html = client.get("/").content.decode()
    assert "/akun/profil/" in html  # their own header, not the cached anonymous one
    assert "Keluar" in html


def test_a_query_string_is_no_way_around_the_cache(client: Client, db: None) -> None:
    client.get("/")
    cache.set("page:id:/", (b"cached page", "text/html; charset=utf-8"), 60)
    assert client.get("/", {"utm_source": "wa"}).content == b"cached page"

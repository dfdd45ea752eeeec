from __future__ import annotations

import gzip
import re

from django.test import Client
from django.utils import translation

from cegah.portal.actions import ensure_portal_tree


def test_home_is_in_indonesian_at_the_root(client: Client, db: None) -> None:
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="id">' in html
    assert "Cegah korupsi bersama" in html
    assert 'href="#main"' in html  # skip link
    assert '<main id="main"' in html


def test_home_is_in_english_under_en(client: Client, db: None) -> None:
    html = client.get("/en/").content.decode()
    assert '<html lang="en">' in html
    assert "Prevent corruption together" in html
    assert 'href="/en/tentang/"' in html


def test_language_switch_is_a_link_to_the_same_page_in_the_other_language(
    client: Client, db: None
) -> None:
    html = client.get("/tentang/").content.decode()
    assert '<a href="/en/tentang/" hreflang="en" lang="en">English</a>' in html
    html = client.get("/en/tentang/").content.decode()
    assert '<a href="/tentang/" hreflang="id" lang="id">Bahasa Indonesia</a>' in html
    html = client.get("/wilayah/?q=klaten").content.decode()
    assert 'href="/en/wilayah/?q=klaten"' in html


def test_pages_carry_a_strict_content_security_policy(client: Client, db: None) -> None:
    csp = client.get("/")["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp


def test_scripts_run_only_with_the_pages_nonce(client: Client, db: None) -> None:
    response = client.get("/wilayah/")
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
    assert nonce
    assert f'nonce="{nonce.group(1)}"' in response.content.decode()


def test_home_loads_nothing_from_another_origin(client: Client, db: None) -> None:
    html = client.get("/").content.decode()
    # hreflang alternates name this page's addresses in full (search engines ask for that);
    # nothing is loaded from them.
    html = re.sub(r'<link rel="alternate" hreflang="[^"]+" href="[^"]+">', "", html)
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    # The footer's operator contact opens the visitor's mail or phone app; it loads nothing.
    assert all(u.startswith(("/", "#", "mailto:", "tel:")) for u in urls), urls


def test_home_html_is_small_when_compressed(client: Client, db: None) -> None:
    response = client.get("/", headers={"Accept-Encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    assert len(gzip.decompress(response.content)) > len(response.content)
    assert len(response.content) < 10_000


def test_about_page_counts_what_is_covered(client: Client, personas: object) -> None:
    html = client.get("/en/tentang/").content.decode()
    assert "Agencies on the platform" in html


def test_every_home_action_links_to_a_page_that_answers(client: Client, db: None) -> None:
    from cegah.portal.views import HOME_ACTIONS

    ensure_portal_tree()
    html = client.get("/en/").content.decode()
    assert "Coming soon" not in html
    for action in HOME_ACTIONS:
        with translation.override("en"):
            url = action.url
        assert url is not None, action.title
        assert f'<h3><a href="{url}">{action.title}</a></h3>' in html
        assert client.get(url).status_code == 200, url


def test_a_section_door_is_left_out_while_its_page_does_not_exist(client: Client, db: None) -> None:
    html = client.get("/en/").content.decode()
    assert "Learn about prevention" not in html
    assert '<h3><a href="/en/keluhan/baru/">Report a complaint</a></h3>' in html

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import feedparser
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cegah.portal.actions import PortalTree
from cegah.portal.models import NEWS_PER_PAGE
from cegah.portal.tests.factories import make_category, make_news
from cegah.test import Personas


def test_news_list_shows_published_articles_newest_first(client: Client, tree: PortalTree) -> None:
    make_news(tree.news, "lama", title="Berita lama", date=dt.date(2026, 1, 1))
    make_news(tree.news, "baru", title="Berita baru")
    make_news(tree.news, "draf", title="Berita draf", live=False)
    html = client.get("/berita/").content.decode()
    assert html.index("Berita baru") < html.index("Berita lama")
    assert "Berita draf" not in html
    assert client.get("/berita/draf/").status_code == 404


def test_news_list_filters_by_category_and_tag(client: Client, tree: PortalTree) -> None:
    gift = make_category("gratifikasi", "Gratifikasi", "Gratification")
    make_news(tree.news, "hadiah", title="Tentang hadiah", categories=[gift], tags=["asn"])
    make_news(tree.news, "lain", title="Tentang lainnya", tags=["pungli"])
    html = client.get("/berita/?kategori=gratifikasi").content.decode()
    assert "Tentang hadiah" in html and "Tentang lainnya" not in html
    html = client.get("/berita/?tag=pungli").content.decode()
    assert "Tentang lainnya" in html and "Tentang hadiah" not in html
    html = client.get("/berita/?kategori=tidak-ada").content.decode()
    assert "Tentang hadiah" not in html and "Belum ada berita." in html


def test_news_list_is_paginated(client: Client, tree: PortalTree) -> None:
    for n in range(NEWS_PER_PAGE + 2):
        make_news(tree.news, f"berita-{n}", title=f"Judul nomor {n:02d}")
    first = client.get("/berita/").content.decode()
    second = client.get("/berita/?halaman=2").content.decode()
    assert first.count('class="news-card"') == NEWS_PER_PAGE
    assert second.count('class="news-card"') == 2
    assert 'rel="next"' in first and 'href="?halaman=2"' in first
    assert client.get("/berita/?halaman=abc").status_code == 200


def _queries(client: Client, path: str) -> int:
    client.get(path)  # renditions are made on the first view
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


def test_news_list_query_count_does_not_grow_with_the_page(
    client: Client, tree: PortalTree, image: object
) -> None:
    gift = make_category("gratifikasi", "Gratifikasi", "Gratification")
    for n in range(2):
        make_news(tree.news, f"a-{n}", lead_image=image, categories=[gift], tags=["x", "y"])
    few = _queries(client, "/berita/")
    for n in range(NEWS_PER_PAGE):
        make_news(tree.news, f"b-{n}", lead_image=image, categories=[gift], tags=["z"])
    html = client.get("/berita/").content.decode()
    assert html.count('class="news-card"') == NEWS_PER_PAGE
    assert _queries(client, "/berita/") == few


def test_news_cards_serve_small_lazy_images_with_srcset(
    client: Client, tree: PortalTree, image: object
) -> None:
    make_news(tree.news, "bergambar", lead_image=image)
    html = client.get("/berita/").content.decode()
    img = re.search(r'<article class="news-card">\s*(<img [^>]+>)', html)
    assert img
    tag = img.group(1)
    assert 'loading="lazy"' in tag
    assert "fill-480x270.format-webp" in tag and "480w" in tag and "720w" in tag
    assert 'width="480"' in tag and "style=" not in tag


def test_article_has_open_graph_and_twitter_card_metadata(
    client: Client, tree: PortalTree, image: object, personas: Personas
) -> None:
    gift = make_category("gratifikasi", "Gratifikasi", "Gratification")
    make_news(
        tree.news,
        "parsel",
        title="Tolak parsel",
        intro="Parsel hari raya wajib ditolak.",
        lead_image=image,
        categories=[gift],
        author_agency=personas.kpk,
    )
    html = client.get("/berita/parsel/").content.decode()
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="Tolak parsel">' in html
    assert '<meta property="og:description" content="Parsel hari raya wajib ditolak.">' in html
    assert '<meta property="og:url" content="http://127.0.0.1:8000/berita/parsel/">' in html
    assert '<meta property="og:locale" content="id_ID">' in html
    og_image = re.search(r'<meta property="og:image" content="([^"]+)">', html)
    assert og_image and og_image.group(1).startswith("http://127.0.0.1:8000/media/")
    assert "fill-1200x630" in og_image.group(1)
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert '<meta name="twitter:title" content="Tolak parsel">' in html
    assert f'<meta name="twitter:image" content="{og_image.group(1)}">' in html
    assert "Komisi Pemberantasan Korupsi" in html


def test_article_share_links_work_without_javascript(client: Client, tree: PortalTree) -> None:
    make_news(tree.news, "bagikan", title="Bagikan ini")
    html = client.get("/berita/bagikan/").content.decode()
    url = "http%3A%2F%2F127.0.0.1%3A8000%2Fberita%2Fbagikan%2F"
    assert f'href="https://wa.me/?text=Bagikan+ini+{url}"' in html
    assert f'href="https://t.me/share/url?url={url}&amp;text=Bagikan+ini"' in html
    assert f'href="https://www.facebook.com/sharer/sharer.php?u={url}"' in html
    assert f'href="https://x.com/intent/post?url={url}&amp;text=Bagikan+ini"' in html
    # Copy link: a read-only field holding the address, selectable without any script.
    field = re.search(r'<input id="share-url"[^>]*>', html)
    assert field and "readonly" in field.group(0)
    assert 'value="http://127.0.0.1:8000/berita/bagikan/"' in field.group(0)
    assert '<label for="share-url">Salin tautan</label>' in html


def test_news_pages_announce_both_feeds(client: Client, tree: PortalTree) -> None:
    make_news(tree.news, "umum")
    for path in ("/berita/", "/berita/umum/"):
        html = client.get(path).content.decode()
        assert '<link rel="alternate" type="application/rss+xml"' in html
        assert 'href="/berita/rss/"' in html
        assert '<link rel="alternate" type="application/atom+xml"' in html
        assert 'href="/berita/atom/"' in html


def test_cms_pages_carry_no_inline_script_or_style(client: Client, tree: PortalTree) -> None:
    make_news(tree.news, "bersih")
    for path in ("/berita/", "/berita/bersih/", "/pencegahan/"):
        html = client.get(path).content.decode()
        assert "style=" not in html and "<style" not in html
        assert re.search(r"<script(?![^>]*\bsrc=)", html) is None, path
        assert not re.search(r"\son[a-z]+=", html)


@pytest.mark.parametrize(
    ("path", "version"), [("/berita/rss/", "rss20"), ("/berita/atom/", "atom10")]
)
def test_feeds_parse_and_list_published_news_of_their_language(
    client: Client, tree: PortalTree, personas: Personas, path: str, version: str
) -> None:
    gift = make_category("gratifikasi", "Gratifikasi", "Gratification")
    make_news(
        tree.news,
        "satu",
        title="Berita satu",
        english="News one",
        categories=[gift],
        author_agency=personas.kpk,
    )
    make_news(tree.news, "draf", title="Berita draf", live=False)
    response = client.get(path)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == version
    assert feed.feed.title == "Berita Cegah"
    assert [e.title for e in feed.entries] == ["Berita satu"]
    entry = feed.entries[0]
    assert entry.link == "http://testserver/berita/satu/"
    assert entry.summary == "Ringkasan satu."
    assert [t.term for t in entry.tags] == ["Gratifikasi"]
    assert entry.author == "Komisi Pemberantasan Korupsi"
    english = feedparser.parse(client.get(f"/en{path}").content)
    assert [e.title for e in english.entries] == ["News one"]
    assert english.entries[0].link == "http://testserver/en/berita/satu-en/"
    assert english.feed.title == "Cegah news"


def test_english_news_lives_under_en(client: Client, tree: PortalTree) -> None:
    make_news(tree.news, "dwibahasa", title="Judul Indonesia", english="English title")
    html = client.get("/en/berita/").content.decode()
    assert '<html lang="en">' in html
    assert "English title" in html and "Judul Indonesia" not in html
    article = client.get("/en/berita/dwibahasa-en/")
    assert article.status_code == 200
    assert '<meta property="og:locale" content="en_US">' in article.content.decode()
    assert "Judul Indonesia" in client.get("/berita/").content.decode()


def test_home_shows_the_latest_news_and_refreshes_when_news_is_published(
    client: Client, tree: PortalTree, django_capture_on_commit_callbacks: Any
) -> None:
    make_news(tree.news, "pertama", title="Berita pertama")
    html = client.get("/").content.decode()
    assert "Berita pertama" in html and "Berita terbaru" in html
    assert "Berita pertama" in client.get("/").content.decode()  # now served from the cache
    with django_capture_on_commit_callbacks(execute=True):
        make_news(tree.news, "kedua", title="Berita kedua", date=dt.date(2026, 11, 21))
    html = client.get("/").content.decode()
    assert "Berita kedua" in html
    assert html.index("Berita kedua") < html.index("Berita pertama")


def test_home_links_quick_actions_to_the_prevention_window_once_it_exists(
    client: Client, db: None
) -> None:
    html = client.get("/").content.decode()
    # No door to a section that has no page yet: the home page never links to a 404.
    assert "Pelajari pencegahan korupsi" not in html
    from cegah.portal.actions import ensure_portal_tree

    ensure_portal_tree()
    from django.core.cache import cache

    cache.clear()
    html = client.get("/").content.decode()
    assert '<h3><a href="/pencegahan/">Pelajari pencegahan korupsi</a></h3>' in html
    assert '<a href="/gratifikasi/cek/">' in html
    assert '<a href="/keluhan/baru/">' in html

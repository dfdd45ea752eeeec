"""Feeds carry the whole article (issue 12, item 14): a feed reader shows the text, the
pictures and working links, not only the summary."""

from __future__ import annotations

import feedparser
import pytest
from django.test import Client
from wagtail.rich_text import RichText

from cegah.portal.actions import PortalTree
from cegah.portal.feeds import absolute_addresses
from cegah.portal.tests.factories import make_news


@pytest.mark.parametrize("path", ["/berita/rss/", "/berita/atom/"])
def test_feed_entries_carry_the_whole_article_with_absolute_addresses(
    client: Client, tree: PortalTree, image: object, path: str
) -> None:
    body = [
        ("paragraph", RichText('<p>Paragraf pertama dengan <a href="/berita/">tautan</a>.</p>')),
        ("quote", {"text": "Tolak parsel hari raya.", "source": "KPK"}),
        ("paragraph", RichText("<p>Paragraf penutup.</p>")),
    ]
    make_news(
        tree.news,
        "lengkap",
        title="Berita lengkap",
        intro="Ringkasan saja.",
        lead_image=image,
        body=body,
    )
    feed = feedparser.parse(client.get(path).content)
    assert not feed.bozo, feed.bozo_exception
    entry = feed.entries[0]
    assert entry.summary == "Ringkasan saja."
    content = entry.content[0]
    assert content.type == "text/html"
    html = content.value
    for text in (
        "Ringkasan saja.",
        "Paragraf pertama",
        "Tolak parsel hari raya.",
        "Paragraf penutup.",
    ):
        assert text in html
    assert 'href="http://testserver/berita/"' in html
    assert 'src="http://testserver/media/images/' in html and "fill-1200x675" in html
    assert 'src="/' not in html and 'href="/' not in html


def test_rss_declares_the_content_module(client: Client, tree: PortalTree) -> None:
    make_news(tree.news, "satu")
    xml = client.get("/berita/rss/").content.decode()
    assert 'xmlns:content="http://purl.org/rss/1.0/modules/content/"' in xml
    assert "<content:encoded>" in xml


def test_addresses_in_srcset_links_and_fragments_become_absolute() -> None:
    html = (
        '<a href="#bagian">x</a><img src="/m/a.jpg" srcset="/m/a-480.jpg 480w, /m/a-800.jpg 800w">'
        '<a href="https://kpk.go.id/">kpk</a>'
    )
    base = "https://cegah.example/berita/satu/"
    assert absolute_addresses(html, base) == (
        '<a href="https://cegah.example/berita/satu/#bagian">x</a>'
        '<img src="https://cegah.example/m/a.jpg" '
        'srcset="https://cegah.example/m/a-480.jpg 480w, https://cegah.example/m/a-800.jpg 800w">'
        '<a href="https://kpk.go.id/">kpk</a>'
    )

"""Search documents on publish and unpublish; the news API."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from wagtail.rich_text import RichText

from cegah.portal.actions import PortalTree, ensure_translation, publish
from cegah.portal.models import ContentPage
from cegah.portal.tests.factories import make_category, make_news
from cegah.search import documents
from cegah.search.documents import SearchDoc
from cegah.test import Personas


@pytest.fixture
def index(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[Any]]:
    calls: dict[str, list[Any]] = {"index": [], "unindex": []}
    monkeypatch.setattr(documents, "index", lambda doc: calls["index"].append(doc))
    monkeypatch.setattr(documents, "unindex", lambda *args: calls["unindex"].append(args))
    return calls


def test_published_news_is_indexed_as_plain_text_and_unpublished_news_removed(
    tree: PortalTree, index: dict[str, list[Any]]
) -> None:
    gift = make_category("gratifikasi", "Gratifikasi", "Gratification")
    page = make_news(
        tree.news,
        "dicari",
        title="Pegawai melaporkan hadiah",
        intro="Ringkasan.",
        body=[("paragraph", RichText("<p>Laporan <b>kepegawaian</b> diterima.</p>"))],
        categories=[gift],
    )
    docs = [d for d in index["index"] if d.kind == "news"]
    assert len(docs) == 1
    doc = docs[0]
    assert doc.title == "Pegawai melaporkan hadiah"
    assert doc.language == "id" and doc.url == "/berita/dicari/"
    assert "Laporan kepegawaian diterima." in doc.body and "<b>" not in doc.body
    assert doc.topics == ("gratifikasi",)
    assert doc.key == str(page.translation_key)
    page.unpublish()
    assert ("news", str(page.translation_key), "id") in index["unindex"]


def test_content_pages_are_indexed_as_pages_in_both_languages(
    tree: PortalTree, index: dict[str, list[Any]]
) -> None:
    page = ContentPage(slug="lhkpn", title="LHKPN", intro="Laporan harta.", topic="lhkpn")
    tree.prevention.add_child(instance=page)
    publish(page)
    ensure_translation(page, "en", title="Wealth reports")
    pages = [
        d for d in index["index"] if d.kind == "page" and d.title in ("LHKPN", "Wealth reports")
    ]
    assert {(d.language, d.url) for d in pages} == {
        ("id", "/pencegahan/lhkpn/"),
        ("en", "/en/pencegahan/lhkpn/"),
    }
    assert all(d.topics == ("lhkpn",) for d in pages)
    page.delete()
    assert ("page", str(page.translation_key), "id") in index["unindex"]


def test_providers_rebuild_every_public_page_and_article(tree: PortalTree) -> None:
    make_news(tree.news, "satu", english="One")
    make_news(tree.news, "draf", live=False)
    providers = documents.providers()
    news = list(providers["news"]())
    assert all(isinstance(d, SearchDoc) for d in news)
    assert sorted(d.language for d in news) == ["en", "id"]
    assert all(d.kind == "page" for d in providers["page"]())


def test_news_api_lists_published_articles_with_their_details(
    client: Client, tree: PortalTree, image: object, personas: Personas
) -> None:
    gift = make_category("gratifikasi", "Gratifikasi", "Gratification")
    page = make_news(
        tree.news,
        "api",
        title="Berita API",
        lead_image=image,
        categories=[gift],
        tags=["asn"],
        author_agency=personas.kpk,
        english="API news",
    )
    draft = make_news(tree.news, "draf", live=False)
    body = client.get("/api/v1/news?language=id").json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["id"] == page.pk
    assert item["title"] == "Berita API"
    assert item["url"] == "http://127.0.0.1:8000/berita/api/"
    assert item["date"] == "2026-11-20"
    assert item["lead_image"].startswith("http://127.0.0.1:8000/media/")
    assert "fill-720x405" in item["lead_image"]
    assert item["categories"] == [
        {"slug": "gratifikasi", "name": "Gratifikasi", "name_en": "Gratification"}
    ]
    assert item["tags"] == ["asn"]
    assert item["author_agency"] == "kpk"
    assert client.get("/api/v1/news").json()["count"] == 2
    assert client.get("/api/v1/news?category=tidak-ada").json()["count"] == 0
    assert client.get(f"/api/v1/news/{page.pk}").json()["title"] == "Berita API"
    assert client.get(f"/api/v1/news/{draft.pk}").status_code == 404
    assert client.get(f"/api/v1/news/{tree.prevention.pk}").status_code == 404
    assert client.get("/api/v1/news?language=xx").status_code == 422


def test_news_api_is_in_the_openapi_document(client: Client, db: None) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/news" in paths and "/api/v1/news/{news_id}" in paths

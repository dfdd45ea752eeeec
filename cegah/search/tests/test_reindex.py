"""`manage.py reindex_search`: rebuilds from the providers, idempotent, batched."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from cegah.search import backend, documents
from cegah.search.documents import SearchDoc
from cegah.search.models import Entry
from cegah.search.tests.factories import add_doc, make_doc, when

pytestmark = pytest.mark.django_db


@pytest.fixture
def news(monkeypatch: pytest.MonkeyPatch) -> list[SearchDoc]:
    """The news provider's documents; the test changes the list between runs."""
    docs: list[SearchDoc] = []

    def provider() -> Iterator[SearchDoc]:
        yield from docs

    monkeypatch.setitem(documents._providers, "news", provider)
    return docs


def reindex(*args: str) -> str:
    out = StringIO()
    call_command("reindex_search", *args, stdout=out)
    return out.getvalue()


def snapshot() -> list[tuple[str, str, str, str, str, str]]:
    return list(
        Entry.objects.order_by("kind", "key", "language").values_list(
            "kind", "key", "language", "title", "title_terms", "body_terms"
        )
    )


def test_reindex_builds_the_index_from_the_provider(client: Client, news: list[SearchDoc]) -> None:
    news += [
        make_doc("1", "Melaporkan gratifikasi", "Pegawai wajib lapor.", published_at=when(1)),
        make_doc("2", "Kepegawaian", "Aturan baru.", published_at=when(2)),
    ]
    assert "news: 2 indexed, 0 removed" in reindex("--kind", "news")
    response = client.get("/api/v1/search", {"q": "laporan"})
    assert [r["url"] for r in response.json()["results"]] == ["/berita/1/"]


def test_reindex_twice_leaves_the_same_index(news: list[SearchDoc]) -> None:
    news += [make_doc(str(i), f"Berita {i}", "Isi berita.") for i in range(5)]
    reindex("--kind", "news")
    first = snapshot()
    assert "news: 5 indexed, 0 removed" in reindex("--kind", "news")
    assert snapshot() == first
    assert Entry.objects.count() == 5


def test_reindex_removes_what_the_provider_no_longer_yields(news: list[SearchDoc]) -> None:
    add_doc("gone", "Berita yang ditarik", "")
    add_doc("other", "Cek fakta", "", kind="factcheck", url="/cek-fakta/1/")
    news.append(make_doc("kept", "Berita tetap", ""))

    assert "news: 1 indexed, 1 removed" in reindex("--kind", "news")
    assert sorted(Entry.objects.values_list("kind", "key")) == [
        ("factcheck", "other"),
        ("news", "kept"),
    ]


def test_reindex_works_in_batches(news: list[SearchDoc], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backend, "BATCH_SIZE", 3)
    news += [make_doc(str(i), f"Berita {i}", "") for i in range(10)]
    assert "news: 10 indexed, 0 removed" in reindex("--kind", "news")
    assert Entry.objects.count() == 10


def test_dry_run_writes_nothing(news: list[SearchDoc]) -> None:
    add_doc("gone", "Berita lama", "")
    news.append(make_doc("new", "Berita baru", ""))
    assert "[dry run] news: 1 indexed, 1 removed" in reindex("--kind", "news", "--dry-run")
    assert list(Entry.objects.values_list("key", flat=True)) == ["gone"]


def test_a_kind_without_provider_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(documents._providers, "page", raising=False)
    add_doc("1", "Halaman", "", kind="page", url="/tentang/")
    assert "page: no provider registered, left as is" in reindex("--kind", "page")
    assert Entry.objects.count() == 1

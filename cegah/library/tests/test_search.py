"""Published items go into site search; drafts and deleted items come out."""

from __future__ import annotations

import pytest

from cegah.library import actions
from cegah.library.search import library_search_documents
from cegah.library.tests.factories import make_item
from cegah.search import documents
from cegah.test import Personas


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, object]]:
    seen: list[tuple[str, object]] = []
    monkeypatch.setattr("cegah.library.search.index", lambda doc: seen.append(("index", doc)))
    monkeypatch.setattr(
        "cegah.library.search.unindex",
        lambda kind, key, language=None: seen.append(("unindex", (kind, key))),
    )
    return seen


def test_publishing_indexes_and_unpublishing_removes(
    personas: Personas, calls: list[tuple[str, object]]
) -> None:
    item = make_item(personas.kpk, title="Lapor gratifikasi", caption="Melaporkan itu wajib")
    kind, doc = calls[-1]
    assert kind == "index"
    assert doc.kind == "library" and doc.key == str(item.pk)  # type: ignore[attr-defined]
    assert doc.url == f"/pustaka/{item.pk}/" and doc.topics == ("gratifikasi",)  # type: ignore[attr-defined]
    assert "Melaporkan itu wajib" in doc.body  # type: ignore[attr-defined]
    actions.update_item(
        actor=None,  # type: ignore[arg-type]
        item=item,
        data={"is_published": False},
        topics=item.topics.all(),
    )
    assert calls[-1] == ("unindex", ("library", str(item.pk)))
    pk = item.pk
    actions.delete_item(actor=None, item=item)  # type: ignore[arg-type]
    assert calls[-1] == ("unindex", ("library", str(pk)))


def test_provider_yields_published_items_only(personas: Personas) -> None:
    make_item(personas.kpk, title="Terbit")
    make_item(personas.kpk, title="Draf", published=False)
    assert [doc.title for doc in library_search_documents()] == ["Terbit"]
    assert documents.providers()["library"] is library_search_documents

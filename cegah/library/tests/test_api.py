"""`GET /api/v1/library` and `/api/v1/library/{id}`."""

from __future__ import annotations

from django.test import Client

from cegah.library.actions import adopt_item
from cegah.library.models import Kind
from cegah.library.tests.conftest import Editors
from cegah.library.tests.factories import make_item
from cegah.test import Personas


def test_list_has_published_items_with_formats_and_counts(
    client: Client, personas: Personas, editors: Editors
) -> None:
    original = make_item(personas.kpk, title="Asli", image=True, topics=("gratifikasi", "suap"))
    adopt_item(actor=editors.b, agency=personas.agency_b, item=original)
    make_item(personas.agency_a, title="Versi Klaten", adapted_from=original)
    make_item(personas.kpk, title="Draf", published=False)
    body = client.get("/api/v1/library").json()
    assert body["count"] == 2
    by_title = {row["title"]: row for row in body["items"]}
    assert set(by_title) == {"Asli", "Versi Klaten"}
    row = by_title["Asli"]
    assert row["url"] == f"http://testserver/pustaka/{original.pk}/"
    assert row["kind"] == "image"
    assert sorted(row["topics"]) == ["gratifikasi", "suap"]
    assert row["audience"] == ["asn"]
    assert row["licence"] == "CC BY 4.0"
    assert row["owner_agency"] == "kpk"
    assert row["renditions"]["story"].startswith("http://testserver/media/images/")
    assert (row["adopted_count"], row["adapted_count"]) == (1, 1)
    assert row["adapted_from"] is None
    local = by_title["Versi Klaten"]
    assert local["adapted_from"]["id"] == original.pk
    assert local["renditions"] is None
    assert "Komisi Pemberantasan Korupsi" in local["source_attribution"]


def test_list_filters(client: Client, personas: Personas) -> None:
    make_item(personas.kpk, title="A", topics=("gratifikasi",))
    make_item(personas.kpk, title="B", topics=("pungli",), for_students=True, kind=Kind.CAPTION)
    assert [r["title"] for r in client.get("/api/v1/library?topic=pungli").json()["items"]] == ["B"]
    assert [
        r["title"] for r in client.get("/api/v1/library?audience=students").json()["items"]
    ] == ["B"]
    assert client.get("/api/v1/library?kind=video").json()["count"] == 0
    assert client.get("/api/v1/library?agency=kpk&page=1").json()["count"] == 2


def test_bad_parameters_are_422(client: Client, personas: Personas) -> None:
    for query in ("topic=nope", "audience=aliens", "kind=hologram", "page=0", "page=x"):
        response = client.get(f"/api/v1/library?{query}")
        assert response.status_code == 422, query
        assert "detail" in response.json()


def test_detail_and_drafts(client: Client, personas: Personas) -> None:
    item = make_item(personas.kpk, title="Terbit")
    draft = make_item(personas.kpk, title="Draf", published=False)
    body = client.get(f"/api/v1/library/{item.pk}").json()
    assert body["title"] == "Terbit" and body["caption"].startswith("Tolak")
    assert client.get(f"/api/v1/library/{draft.pk}").status_code == 404
    assert client.get("/api/v1/library/abc").status_code == 422


def test_openapi_documents_the_library(client: Client, db: None) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "422" in paths["/api/v1/library"]["get"]["responses"]
    assert "/api/v1/library/{item_id}" in paths

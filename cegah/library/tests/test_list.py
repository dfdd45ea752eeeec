"""The public list: filters, pagination, and a query count that does not grow with the page."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cegah.core.caching import invalidate
from cegah.library import views
from cegah.library.actions import adopt_item
from cegah.library.apps import PAGE_CACHE_NAMESPACE
from cegah.library.tests.conftest import Editors
from cegah.library.tests.factories import make_item
from cegah.test import Personas


def _queries(client: Client, url: str) -> int:
    """Queries of rendering the page (not of serving it from the anonymous page cache)."""
    invalidate(PAGE_CACHE_NAMESPACE)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_query_count_does_not_depend_on_page_size(
    client: Client, personas: Personas, editors: Editors, monkeypatch: object
) -> None:
    for n in range(2):
        make_item(personas.kpk, title=f"Gambar {n}", image=True)
    url = reverse("library:list")
    client.get(url)  # warm caches that are filled once per process
    few = _queries(client, url)
    for n in range(2, 6):
        item = make_item(personas.kpk, title=f"Gambar {n}", image=True)
        adopt_item(actor=editors.b, agency=personas.agency_b, item=item)
    make_item(personas.agency_a, title="Caption saja")
    many = _queries(client, url)
    assert few == many
    page = client.get(url).content.decode()
    assert page.count('class="library-card"') == 7
    assert "srcset=" in page


def test_filters_by_topic_audience_kind_and_agency(client: Client, personas: Personas) -> None:
    make_item(personas.kpk, title="Gratifikasi ASN", topics=("gratifikasi",))
    make_item(
        personas.agency_a,
        title="Pungli pelajar",
        topics=("pungli",),
        for_civil_servants=False,
        for_students=True,
    )
    url = reverse("library:list")

    def titles(query: str) -> set[str]:
        page = client.get(f"{url}?{query}").content.decode()
        return {t for t in ("Gratifikasi ASN", "Pungli pelajar") if t in page}

    assert titles("topic=pungli") == {"Pungli pelajar"}
    assert titles("audience=students") == {"Pungli pelajar"}
    assert titles("audience=asn") == {"Gratifikasi ASN"}
    assert titles("kind=caption") == {"Gratifikasi ASN", "Pungli pelajar"}
    assert titles("kind=video") == set()
    assert titles("agency=kpk") == {"Gratifikasi ASN"}
    assert titles("") == {"Gratifikasi ASN", "Pungli pelajar"}


def test_pagination(client: Client, personas: Personas, monkeypatch: object) -> None:
    monkeypatch.setattr(views, "PAGE_SIZE", 2)  # type: ignore[attr-defined]
    for n in range(5):
        make_item(personas.kpk, title=f"Materi nomor {n}")
    first = client.get(reverse("library:list")).content.decode()
    assert "Halaman 1 dari 3" in first
    last = client.get(reverse("library:list") + "?page=3").content.decode()
    assert "Materi nomor 0" in last and "Materi nomor 4" not in last


def test_detail_offers_formats_caption_and_credit(client: Client, personas: Personas) -> None:
    item = make_item(personas.kpk, title="Infografik", image=True, caption="Tolak! #Gratifikasi")
    page = client.get(item.get_absolute_url()).content.decode()
    for fmt in ("feed", "story", "square"):
        assert item.rendition_url(fmt) in page
    assert "1080 × 1920 JPEG" in page
    assert '<textarea id="caption-' in page and "readonly>Tolak! #Gratifikasi</textarea>" in page
    assert 'rel="license"' in page and "CC BY 4.0" in page


def test_english_pages_exist(client: Client, personas: Personas) -> None:
    item = make_item(personas.kpk, title="Materi")
    page = client.get("/en" + item.get_absolute_url()).content.decode()
    assert "Licence and credit" in page
    assert client.get("/en/pustaka/").status_code == 200

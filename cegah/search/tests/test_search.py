"""Site search through HTTP: recall of inflected words, filters, languages, snippets, order."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cegah.search.documents import index, unindex
from cegah.search.models import Entry
from cegah.search.tests.factories import add_doc, make_doc, when

pytestmark = pytest.mark.django_db


def api(client: Client, **params: object) -> dict:
    response = client.get("/api/v1/search", params)
    assert response.status_code == 200, response.content
    return response.json()


def titles(client: Client, **params: object) -> list[str]:
    return [r["title"] for r in api(client, **params)["results"]]


def test_inflected_words_find_their_root_on_the_page(client: Client) -> None:
    add_doc("1", "Laporan gratifikasi 2026", "Sebanyak 120 laporan masuk ke KPK.")
    add_doc("2", "Kepegawaian daerah", "Aturan kepegawaian untuk ASN.")
    add_doc("3", "Cuaca hari ini", "Cerah berawan.")

    page = client.get("/cari/", {"q": "melaporkan"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "1 hasil untuk “melaporkan”" in html
    assert '<a href="/berita/1/"><mark>Laporan</mark> gratifikasi 2026</a>' in html
    assert "Cuaca" not in html

    html = client.get("/cari/", {"q": "pegawai"}).content.decode()
    assert '<a href="/berita/2/"><mark>Kepegawaian</mark> daerah</a>' in html


def test_inflected_words_find_their_root_through_the_api(client: Client) -> None:
    add_doc("1", "Laporan gratifikasi", "Sebanyak 120 laporan masuk.", published_at=when(3))
    add_doc("2", "Kepegawaian daerah", "Aturan untuk ASN.", published_at=when(4))

    assert api(client, q="melaporkan") == {
        "count": 1,
        "exact": True,
        "page": 1,
        "pages": 1,
        "results": [
            {
                "type": "news",
                "title": "Laporan gratifikasi",
                "url": "/berita/1/",
                "snippet": "Sebanyak 120 <mark>laporan</mark> masuk.",
                "published_at": "2026-11-03T02:00:00Z",  # 09:00 WIB
            }
        ],
    }
    assert titles(client, q="pegawai") == ["Kepegawaian daerah"]


def test_every_query_word_must_match(client: Client) -> None:
    add_doc("1", "Suap di sekolah", "Orang tua diminta membayar.")
    add_doc("2", "Suap perizinan", "Pengusaha menyuap pejabat.")

    assert titles(client, q="suap sekolah") == ["Suap di sekolah"]
    assert titles(client, q="menyuap pejabat") == ["Suap perizinan"]
    assert titles(client, q="sekolah pejabat") == []


def test_filters_by_type_topic_and_date(client: Client) -> None:
    add_doc("n1", "Pungli parkir", "", topics=("pungli",), published_at=when(1))
    add_doc(
        "l1",
        "Poster pungli",
        "",
        kind="library",
        url="/pustaka/1/",
        topics=("pungli", "pelayanan-publik"),
        published_at=when(10),
    )
    add_doc("f1", "Pungli hoaks", "", kind="factcheck", url="/cek-fakta/1/", published_at=when(20))

    assert titles(client, q="pungli") == ["Pungli hoaks", "Poster pungli", "Pungli parkir"]
    assert titles(client, q="pungli", type="library") == ["Poster pungli"]
    assert titles(client, q="pungli", topic="pungli") == ["Poster pungli", "Pungli parkir"]
    assert titles(client, q="pungli", topic="pelayanan-publik") == ["Poster pungli"]
    assert titles(client, q="pungli", dari="2026-11-10", sampai="2026-11-10") == ["Poster pungli"]
    assert titles(client, q="pungli", sampai="2026-11-09") == ["Pungli parkir"]

    html = client.get(
        "/cari/", {"q": "pungli", "type": "library", "topic": "pungli", "dari": "2026-11-05"}
    ).content.decode()
    assert 'href="/pustaka/1/"' in html
    assert 'href="/berita/n1/"' not in html
    assert 'href="/cek-fakta/1/"' not in html


def test_the_date_filter_uses_days_in_jakarta(client: Client) -> None:
    # 2026-11-10 23:30 WIB is 16:30 UTC: it belongs to the 10th.
    add_doc("late", "Pungli malam", "", published_at=when(10, hour=23))
    assert titles(client, q="pungli", dari="2026-11-10", sampai="2026-11-10") == ["Pungli malam"]
    assert titles(client, q="pungli", dari="2026-11-11") == []


def test_results_are_in_the_language_of_the_page(client: Client) -> None:
    add_doc("1", "Laporan gratifikasi", "", language="id")
    add_doc("1", "Gratification report", "", language="en", url="/en/berita/1/")

    assert titles(client, q="gratifikasi") == ["Laporan gratifikasi"]
    assert titles(client, q="gratification", lang="en") == ["Gratification report"]
    assert titles(client, q="gratification") == []
    en = client.get("/en/cari/", {"q": "gratification"}).content.decode()
    assert "1 result for “gratification”" in en
    assert 'href="/en/berita/1/"' in en
    assert "Laporan" not in en
    assert (
        "Laporan gratifikasi" not in client.get("/en/cari/", {"q": "gratifikasi"}).content.decode()
    )


def test_html_in_documents_is_escaped_in_titles_and_snippets(client: Client) -> None:
    add_doc("x", "<script>alert(1)</script> laporan", 'Isi <img src=x onerror="a()"> laporan.')

    html = client.get("/cari/", {"q": "laporan"}).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>laporan</mark>" in html
    assert "Isi &lt;img src=x onerror=&quot;a()&quot;&gt; <mark>laporan</mark>." in html
    snippet = api(client, q="laporan")["results"][0]["snippet"]
    assert snippet == "Isi &lt;img src=x onerror=&quot;a()&quot;&gt; <mark>laporan</mark>."


def test_the_snippet_is_a_window_around_the_first_match(client: Client) -> None:
    filler = " ".join(f"kata{i}" for i in range(40))
    add_doc("w", "Judul", f"{filler} pegawai menerima hadiah {filler}")

    snippet = api(client, q="kepegawaian")["results"][0]["snippet"]
    assert snippet == (
        "… kata32 kata33 kata34 kata35 kata36 kata37 kata38 kata39 <mark>pegawai</mark> menerima "
        "hadiah kata0 kata1 kata2 kata3 kata4 kata5 kata6 kata7 kata8 kata9 kata10 kata11 kata12 "
        "kata13 kata14 kata15 kata16 kata17 kata18 …"
    )


def test_a_document_is_replaced_and_removed_through_the_contract(client: Client) -> None:
    add_doc("1", "Laporan lama", "")
    index(make_doc("1", "Laporan baru", ""))
    assert titles(client, q="laporan") == ["Laporan baru"]
    assert Entry.objects.count() == 1

    unindex("news", "1")
    assert titles(client, q="laporan") == []
    assert Entry.objects.count() == 0


def test_unindex_of_one_language_keeps_the_other(client: Client) -> None:
    add_doc("1", "Laporan", "", language="id")
    add_doc("1", "Report", "", language="en")
    unindex("news", "1", "en")
    assert list(Entry.objects.values_list("language", flat=True)) == ["id"]


def test_malformed_documents_are_refused() -> None:
    with pytest.raises(ValueError, match="kind"):
        index(make_doc("1", "Judul", kind="video"))
    with pytest.raises(ValueError, match="language"):
        index(make_doc("1", "Judul", language="fr"))
    with pytest.raises(ValueError, match="url"):
        index(make_doc("1", "Judul", url="https://evil.example/"))
    with pytest.raises(ValueError, match="topics"):
        index(make_doc("1", "Judul", topics=("Bad Topic",)))
    assert Entry.objects.count() == 0


def test_results_are_paged(client: Client) -> None:
    for i in range(23):
        add_doc(f"{i:02}", f"Laporan {i:02}", "", published_at=when(1 + i))

    first = api(client, q="laporan")
    assert (first["count"], first["pages"]) == (23, 3)
    assert [r["title"] for r in first["results"]][:2] == ["Laporan 22", "Laporan 21"]
    third = api(client, q="laporan", page=3)
    assert [r["title"] for r in third["results"]] == ["Laporan 02", "Laporan 01", "Laporan 00"]

    html = client.get("/cari/", {"q": "laporan", "page": "2"}).content.decode()
    assert "Halaman 2 dari 3" in html
    assert 'href="?q=laporan&amp;page=3" rel="next"' in html
    assert 'href="/berita/12/"' in html and 'href="/berita/22/"' not in html


def test_query_count_does_not_grow_with_the_results(client: Client) -> None:
    add_doc("0", "Laporan", "")
    client.get("/cari/", {"q": "laporan"})  # fills the header's cached section addresses
    with CaptureQueriesContext(connection) as few:
        client.get("/cari/", {"q": "laporan"})
    for i in range(1, 10):
        add_doc(str(i), f"Laporan {i}", "laporan " * i)
    client.get("/cari/", {"q": "laporan"})  # this process reads the nine changes once
    with CaptureQueriesContext(connection) as many:
        response = client.get("/cari/", {"q": "laporan"})
    assert "10 hasil" in response.content.decode()
    assert len(many) == len(few) == 2


def test_no_results_page_gives_suggestions(client: Client) -> None:
    add_doc("1", "Laporan gratifikasi", "", topics=("gratifikasi",))

    html = client.get("/cari/", {"q": "laporan sekolah", "type": "news"}).content.decode()
    assert "Tidak ada yang cocok dengan “laporan sekolah”." in html
    assert 'href="/cari/?q=laporan%20sekolah"' in html  # without the filters
    assert 'href="?q=laporan&amp;type=news"' in html  # fewer words
    assert 'href="?q=sekolah&amp;type=news"' in html


def test_a_query_of_stopwords_only_finds_nothing(client: Client) -> None:
    add_doc("1", "Yang dan atau", "")
    assert api(client, q="yang dan")["count"] == 0


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": ""},
        {"q": "laporan", "type": "video"},
        {"q": "laporan", "page": "0"},
        {"q": "laporan", "page": "x"},
        {"q": "laporan", "topic": "Bad Topic"},
        {"q": "laporan", "dari": "2026-13-01"},
        {"q": "laporan", "dari": "2026-11-10", "sampai": "2026-11-01"},
        {"q": "x" * 201},
    ],
)
def test_bad_api_parameters_get_422(client: Client, params: dict[str, str]) -> None:
    assert client.get("/api/v1/search", params).status_code == 422


def test_bad_filters_on_the_page_are_explained_and_kept(client: Client) -> None:
    response = client.get("/cari/", {"q": "laporan", "dari": "2026-11-10", "sampai": "2026-11-01"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Tanggal akhir tidak boleh sebelum tanggal awal." in html
    assert 'value="laporan"' in html
    assert 'value="2026-11-10"' in html


def test_the_search_page_works_without_a_query(client: Client) -> None:
    html = client.get("/cari/").content.decode()
    assert '<form method="get" action="/cari/" role="search"' in html
    assert "hasil untuk" not in html


def test_the_search_box_include_renders(rf) -> None:  # type: ignore[no-untyped-def]
    from django.template.loader import render_to_string

    html = render_to_string("search/_box.html", request=rf.get("/", {"q": "suap"}))
    assert 'action="/cari/"' in html
    assert 'name="q" value="suap"' in html


def test_the_api_is_documented(client: Client) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    operation = spec["paths"]["/api/v1/search"]["get"]
    assert {"200", "422"} <= set(operation["responses"])
    assert {p["name"] for p in operation["parameters"]} >= {"q", "type", "topic", "page"}


def test_undated_documents_are_left_out_by_any_date_filter(client: Client) -> None:
    add_doc("dated", "Pungli parkir", "", published_at=when(5))
    add_doc("undated", "Pungli halaman", "", kind="page", url="/pungli/")
    assert titles(client, q="pungli") == ["Pungli parkir", "Pungli halaman"]
    assert titles(client, q="pungli", sampai="2026-11-30") == ["Pungli parkir"]


def test_documents_of_the_same_second_and_hash_get_distinct_ids(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cegah.search import backend

    monkeypatch.setattr(backend.zlib, "crc32", lambda data: 7)
    add_doc("a", "Laporan satu", "", published_at=when(5))
    add_doc("b", "Laporan dua", "", published_at=when(5))
    index(make_doc("a", "Laporan satu lagi", "", published_at=when(5)))
    assert sorted(Entry.objects.values_list("key", flat=True)) == ["a", "b"]
    # Both are found; the shorter title ranks first (BM25's length normalisation).
    assert titles(client, q="laporan") == ["Laporan dua", "Laporan satu lagi"]

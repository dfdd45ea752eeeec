"""Every match is ranked by BM25 over the whole index, and the in-memory index follows every
write: published documents appear, withdrawn ones disappear, in every process."""

from __future__ import annotations

import bm25s
import numpy as np
import pytest
from django.db import connection
from django.test import Client

from cegah.search import engine
from cegah.search.analysis import analyse
from cegah.search.backend import index_documents
from cegah.search.documents import index, unindex
from cegah.search.models import Change, Entry, IndexVersion
from cegah.search.query import TITLE_WEIGHT, _rows, collection
from cegah.search.tests.factories import add_doc, make_doc, when

pytestmark = pytest.mark.django_db


def urls(client: Client, **params: object) -> list[str]:
    response = client.get("/api/v1/search", params)
    assert response.status_code == 200, response.content
    return [r["url"] for r in response.json()["results"]]


def test_the_order_is_bm25_as_bm25s_computes_it_over_the_same_documents(client: Client) -> None:
    documents = [
        ("a", "Berita lain", "Pegawai wajib melapor gratifikasi.", when(1)),
        ("b", "Gratifikasi pegawai", "Pegawai wajib melapor gratifikasi.", when(2)),
        ("c", "Gratifikasi", "Hadiah kepada pegawai dari rekanan.", when(3)),
        ("d", "Aturan baru", "Pegawai melapor gratifikasi. " * 4 + "Panjang " * 30, when(4)),
        ("e", "Cuaca", "Cerah berawan sepanjang hari.", when(5)),
        ("f", "Laporan pegawai", "Gratifikasi wajib dilaporkan dalam 30 hari kerja.", when(6)),
    ]
    for key, title, body, published in documents:
        add_doc(key, title, body, published_at=published)

    # The oracle: bm25s's own index over the analysed documents, title counted twice.
    tokens = [
        analyse(title).split() * TITLE_WEIGHT + analyse(body).split()
        for _k, title, body, _p in documents
    ]
    oracle = bm25s.BM25(method="lucene", k1=engine.K1, b=engine.B)
    oracle.index(tokens, show_progress=False)
    scores = oracle.get_scores(["gratifikasi", "pegawai"])
    holds_both = [{"gratifikasi", "pegawai"} <= set(t) for t in tokens]
    expected = [
        f"/berita/{documents[i][0]}/"
        for i in sorted(range(len(documents)), key=lambda i: -scores[i])
        if holds_both[i]
    ]
    assert len(set(np.round(scores[holds_both], 4))) == sum(holds_both)  # no ties to break

    assert urls(client, q="gratifikasi pegawai") == expected
    html = client.get("/cari/", {"q": "gratifikasi pegawai"}).content.decode()
    positions = [html.index(f'href="{url}"') for url in expected]
    assert positions == sorted(positions)


def test_the_best_match_of_a_common_word_is_ranked_first_however_old(client: Client) -> None:
    index_documents(
        make_doc(f"{day}-{n}", f"Berita {n}", "Ringkasan laporan bulanan.", published_at=when(day))
        for day in range(1, 29)
        for n in range(25)
    )
    add_doc("old", "Laporan laporan laporan", "Laporan tahunan.", published_at=when(1, month=1))

    body = client.get("/api/v1/search", {"q": "laporan"}).json()
    assert (body["count"], body["exact"]) == (701, True)
    assert body["results"][0]["url"] == "/berita/old/"
    assert body["pages"] == 71
    last = client.get("/api/v1/search", {"q": "laporan", "page": 71}).json()
    oldest_of_the_ties = Entry.objects.exclude(key="old").order_by("id").first()
    assert oldest_of_the_ties is not None
    assert [r["url"] for r in last["results"]] == [oldest_of_the_ties.url]
    html = client.get("/cari/", {"q": "laporan"}).content.decode()
    assert "701 hasil untuk “laporan”" in html


def test_ties_go_to_the_newest_then_undated_last(client: Client) -> None:
    add_doc("old", "Pungli parkir", "", published_at=when(1))
    add_doc("undated", "Pungli parkir", "", kind="page", url="/pungli/")
    add_doc("new", "Pungli parkir", "", published_at=when(9))
    assert urls(client, q="pungli parkir") == ["/berita/new/", "/berita/old/", "/pungli/"]


def test_abbreviations_find_the_spelled_out_words_and_back(client: Client) -> None:
    add_doc(
        "1",
        "[Hoaks/Salah] Pendaftaran bantuan sosial lewat tautan WhatsApp",
        "Tidak ada pendaftaran bantuan sosial lewat pesan berantai.",
        kind="factcheck",
        url="/cek-fakta/bansos/",
    )
    add_doc("2", "THR untuk ASN cair", "Tunjangan diberikan sebelum Lebaran.")

    assert urls(client, q="hoaks bansos") == ["/cek-fakta/bansos/"]
    assert urls(client, q="tunjangan hari raya aparatur sipil negara") == ["/berita/2/"]
    html = client.get("/cari/", {"q": "hoaks bansos"}).content.decode()
    assert "<mark>bantuan</mark> <mark>sosial</mark>" in html


def test_a_published_document_appears_and_a_withdrawn_one_disappears_in_every_process(
    client: Client,
) -> None:
    other_process = engine.Collection("site", _rows)
    add_doc("1", "Pungli di pelabuhan", "")
    assert [int(i) for i in other_process.rank(["pungli"], "id").ids] == list(
        Entry.objects.values_list("id", flat=True)
    )
    assert urls(client, q="pungli") == ["/berita/1/"]

    index(make_doc("2", "Pungli di terminal", "", published_at=when(3)))
    unindex("news", "1")
    assert urls(client, q="pungli") == ["/berita/2/"]
    assert len(other_process.rank(["pungli"], "id")) == 1
    assert other_process.loads == 1  # the later writes were applied as changes, not reloads


def test_an_unchanged_index_is_not_read_again(client: Client) -> None:
    add_doc("1", "Laporan", "")
    urls(client, q="laporan")
    loads, version = collection().loads, collection().version
    urls(client, q="laporan")
    assert (collection().loads, collection().version) == (loads, version)


def test_a_replaced_history_is_noticed_and_the_index_loaded_again(client: Client) -> None:
    add_doc("1", "Laporan satu", "")
    assert urls(client, q="laporan") == ["/berita/1/"]
    loads = collection().loads
    # As after restoring a backup: the rows and the version are another history's.
    Entry.objects.all().delete()
    Change.objects.all().delete()
    IndexVersion.objects.all().delete()
    add_doc("2", "Laporan dua", "")
    add_doc("3", "Cuaca", "")

    assert urls(client, q="laporan") == ["/berita/2/"]
    assert collection().loads == loads + 1


def test_a_process_behind_the_pruned_changes_loads_everything_again(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_doc("0", "Laporan awal", "")
    behind = engine.Collection("site", _rows)
    behind.rank(["lapor"], "id")
    monkeypatch.setattr(engine, "KEEP_VERSIONS", 5)
    for i in range(1, 101):
        add_doc(str(i), f"Laporan {i}", "")
    assert IndexVersion.objects.get(collection="site").pruned_through > 0

    assert len(behind.rank(["lapor"], "id")) == 101
    assert behind.loads == 2


def test_many_changes_are_merged_and_keep_the_same_results(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "MERGE_POSTINGS", 10)
    add_doc("keep", "Laporan tetap", "", published_at=when(1))
    before = urls(client, q="laporan")
    for i in range(30):
        add_doc(f"tmp{i}", f"Laporan sementara {i}", "", published_at=when(2))
    for i in range(30):
        unindex("news", f"tmp{i}")
    assert urls(client, q="laporan") == before
    assert len(collection().delta) < 10  # merged into the base arrays


def test_no_database_full_text_index_is_left(client: Client) -> None:
    tables = connection.introspection.table_names()
    assert "search_entry_fts" not in tables
